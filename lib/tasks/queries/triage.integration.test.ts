// Triage at scale, over HTTP against the production build (npm run build first): a task
// of 10,000 items paged on the server with filters and failures first, its answers
// bounded; the list's triage columns and substring search on keys and errors; a pasted
// address that names a task.
import { beforeAll, describe, expect, it } from "vitest";
import { encodeUrlSafeBase64 as b64 } from "@/lib/fmgr/base64";
import { encodeCmd } from "@/lib/fmgr/cmd";
import type { AppServer } from "@/scripts/test-support/app-server";
import { postSignedCallback } from "@/scripts/test-support/signed-callback";
import { setUpTestApp } from "@/scripts/test-support/vitest-app";

const BIG = "ff808081triage0000000000big00001";
const ITEMS = 10_000;
const MEGABYTE = 1024 * 1024;
let app: AppServer;

setUpTestApp("triage", { LOG_LEVEL: "error" }, (started) => (app = started.app));

const FAILED = Array.from({ length: ITEMS }, (_, n) => n).filter((n) => n % 97 === 5).length;
const RUNNING = Array.from({ length: ITEMS }, (_, n) => n).filter((n) => n % 97 !== 5 && n % 13 === 0).length;

// Every 97th item failed (104 failures), with the key banner_<n>; every 13th is still
// running; one item carries a decompress list of 5,000 files.
function bigTask() {
  return {
    id: BIG,
    code: 2,
    separate: 0,
    items: Array.from({ length: ITEMS }, (_, n) => {
      const key = `campaign/2026/banner_${String(n).padStart(5, "0")}.png`;
      const isFailed = n % 97 === 5;
      const code = isFailed ? 20 : n % 13 === 0 ? 1 : 6;
      return {
        cmd: n === 1 ? `fetchURL/${b64("http://o.example.com/a.zip")}/bucket/${b64("media")}/key/${b64(key)}/decompression/zip` : `bucket/${b64("media")}/key/${b64(key)}`,
        code,
        key,
        error: isFailed ? `404 Not Found: http://origin.example.com/${key}` : null,
        decompresslist: n === 1 ? JSON.stringify(Array.from({ length: 5_000 }, (_, f) => `unpacked/file_${f}.txt`)) : undefined,
      };
    }),
  };
}

type Item = { id: string; index: number; code: number | null; key: string; codeClass: string; decompress: { total: number; entries: string[]; nextOffset: number | null } | null };
type Detail = { task: { itemCount: number; failedCount: number }; items: Item[]; itemsNextCursor: string | null; itemsFiltered: boolean };

async function detail(query = ""): Promise<{ status: number; bytes: number; body: Detail & { error?: { message: string } } }> {
  const response = await app.signedInFetch(`/api/tasks/${BIG}${query}`);
  const text = await response.text();
  return { status: response.status, bytes: Buffer.byteLength(text), body: JSON.parse(text) as Detail & { error?: { message: string } } };
}

beforeAll(async () => {
  expect((await postSignedCallback({ appUrl: app.url, document: bigTask() })).status).toBe(200);
  await app.projected();
}, 60_000);

describe("a task of 10,000 items", () => {
  it("answers one page, failures first, and stays under 1 MB (the page under 2 MB)", async () => {
    const first = await detail();
    expect(first.status).toBe(200);
    expect(first.bytes).toBeLessThan(MEGABYTE);
    expect(first.body.task).toMatchObject({ itemCount: ITEMS, failedCount: FAILED });
    expect(first.body.items).toHaveLength(50);
    expect(first.body.items.every((item) => item.codeClass === "failed")).toBe(true);
    expect(first.body.items.map((item) => item.index)).toEqual(Array.from({ length: 50 }, (_, n) => 5 + n * 97));

    const page = await app.signedInFetch(`/tasks/${BIG}`);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(Buffer.byteLength(html)).toBeLessThan(2 * MEGABYTE);
    expect(html).toContain("10,000");
    console.log(`10,000 items: detail answer ${(first.bytes / 1024).toFixed(0)} KB, page ${(Buffer.byteLength(html) / 1024).toFixed(0)} KB`);
  });

  it("tells an operator what to set for retries when the vendor credentials are not configured, and offers no control", async () => {
    const html = await (await app.signedInFetch(`/tasks/${BIG}`)).text();
    expect(html).toContain("Retrying failed items at the vendor needs");
    for (const name of ["FMGR_MGR_DOMAIN", "FMGR_CALLBACK_URL", "FMGR_MGR_ACCESS_KEY", "FMGR_MGR_SECRET_KEY"]) expect(html).toContain(name);
    expect(html).not.toContain("Submit to the vendor");
    expect((await app.signedInFetch(`/api/tasks/${BIG}/retry`, { method: "POST" })).status).toBe(503);
  });

  it("pages through every item once by cursor, failures then running then succeeded", async () => {
    const seen: Item[] = [];
    let cursor: string | null = null;
    do {
      const { body }: { body: Detail } = await detail(`?itemsLimit=100${cursor ? `&itemsCursor=${cursor}` : ""}`);
      seen.push(...body.items);
      cursor = body.itemsNextCursor;
    } while (cursor);
    expect(seen).toHaveLength(ITEMS);
    expect(new Set(seen.map((item) => item.index)).size).toBe(ITEMS);
    const order = seen.map((item) => ({ failed: 0, pending: 1, processing: 1, succeeded: 2 })[item.codeClass as "failed"]);
    expect(order).toEqual([...order].sort((a, b) => (a ?? 0) - (b ?? 0)));
  });

  it("filters by class, code, operation and a key substring", async () => {
    const failed = await detail("?items=failed&itemsLimit=100");
    expect(failed.body.items).toHaveLength(100);
    expect(failed.body.itemsFiltered).toBe(true);
    const running = await detail("?items=pending&order=index&itemsLimit=3");
    expect(running.body.items.map((item) => item.index)).toEqual([0, 13, 26]);
    expect((await detail("?code=1&itemsLimit=100")).body.items.every((item) => item.code === 1)).toBe(true);
    expect((await detail("?op=fetch")).body.items.map((item) => item.index)).toEqual([1]);
    // A substring from the middle of a key, any case.
    expect((await detail("?itemsQ=BANNER_0011")).body.items.map((item) => item.index).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 10 }, (_, n) => 110 + n),
    );
  });

  it("answers 500 items at once under 1 MB, with the counts per class", async () => {
    const { bytes, body } = await detail("?items=all&itemsLimit=500");
    expect(body.items).toHaveLength(500);
    expect(bytes).toBeLessThan(MEGABYTE);
    expect((body as Detail & { itemCounts: unknown }).itemCounts).toEqual({ all: ITEMS, failed: FAILED, pending: RUNNING, succeeded: ITEMS - FAILED - RUNNING });
  });

  it("refuses a bad item query with a clear 400", async () => {
    for (const [query, message] of [
      ["?items=broken", /items: must be one of failed, pending, succeeded, all/],
      ["?code=x", /code: must be a whole number/],
      ["?itemsCursor=zzz", /itemsCursor: not a cursor/],
      ["?itemsLimit=5000", /itemsLimit: must be at most 500/],
    ] as const) {
      const { status, body } = await detail(query);
      expect(status).toBe(400);
      expect(body.error?.message).toMatch(message);
    }
  });

  it("pages a decompress list of 5,000 files, and filters it", async () => {
    const item = (await detail("?op=fetch")).body.items[0] as Item & { decompresslist: string; cut: { decompresslist: number } };
    expect(item?.decompress).toMatchObject({ total: 5_000, nextOffset: 20 });
    // The contract's field, cut like any text; the paged list beside it has every entry.
    expect(item.decompresslist.length + item.cut.decompresslist).toBe(JSON.stringify(Array.from({ length: 5_000 }, (_, f) => `unpacked/file_${f}.txt`)).length);
    expect(item?.decompress?.entries).toHaveLength(20);
    const next = (await (await app.signedInFetch(`/api/tasks/${BIG}/items/${item?.id}/decompress?offset=4990`)).json()) as { entries: string[]; nextOffset: number | null };
    expect(next.entries).toEqual(Array.from({ length: 10 }, (_, n) => `unpacked/file_${4990 + n}.txt`));
    expect(next.nextOffset).toBeNull();
    const filtered = (await (await app.signedInFetch(`/api/tasks/${BIG}/items/${item?.id}/decompress?q=FILE_499`)).json()) as { matching: number };
    expect(filtered.matching).toBe(11);
    expect((await app.signedInFetch(`/api/tasks/${BIG}/items/1/decompress`)).status).toBe(404);
  });

  it("cuts a large payload on the page and serves all of it on its own", async () => {
    const events = ((await (await app.signedInFetch(`/api/tasks/${BIG}`)).json()) as { events: { id: string; raw: string; rawBytes: number; decoded: unknown; decodedIsCapped: boolean }[] }).events;
    const [event] = events;
    expect(event?.rawBytes).toBeGreaterThan(MEGABYTE);
    expect(event?.raw.length).toBe(16 * 1024);
    expect(event?.decoded).toBeNull();
    expect(event?.decodedIsCapped).toBe(true);
    const whole = await app.signedInFetch(`/api/tasks/${BIG}/events/${event?.id}`);
    expect(whole.headers.get("content-disposition")).toMatch(/attachment/);
    expect(Buffer.byteLength(await whole.text())).toBe(event?.rawBytes);
  });
});

describe("a compress item of 500 keys", () => {
  it("is decoded from its whole cmd, and shows the first keys with a count of the rest", async () => {
    const id = "ff808081triage0000000000zip00001";
    const keys = Array.from({ length: 500 }, (_, n) => `photos/2026/img_${n}.jpg`);
    const cmd = encodeCmd({ op: "compress", bucket: "media", key: null, prefix: null, sourceUrl: null, source: null, target: { bucket: "media", key: "all.zip" }, keys, options: {} });
    expect(cmd.length).toBeGreaterThan(10_000);
    expect((await postSignedCallback({ appUrl: app.url, document: { id, code: 3, separate: 0, items: [{ cmd, code: 6 }] } })).status).toBe(200);
    await app.projected();
    const [item] = ((await (await app.signedInFetch(`/api/tasks/${id}`)).json()) as { items: { op: string; cmd: string; cut: { cmd: number; keys: number }; decoded: { keys: string[] } }[] }).items;
    expect(item?.op).toBe("compress");
    expect(item?.decoded.keys).toEqual(keys.slice(0, 20));
    expect(item?.cut.keys).toBe(480);
    expect((item?.cmd.length ?? 0) + (item?.cut.cmd ?? 0)).toBe(cmd.length);
  });
});

describe("the list, for triage", () => {
  type Row = { persistentId: string; bucket: string | null; firstFailure: { key: string; error: string } | null; failedCount: number };
  const list = async (q: string) => ((await (await app.signedInFetch(`/api/tasks?q=${encodeURIComponent(q)}`)).json()) as { tasks: Row[] }).tasks;

  it("carries the bucket and the first failure with its error", async () => {
    const [row] = await list(BIG);
    expect(row).toMatchObject({ bucket: "media", failedCount: FAILED, firstFailure: { key: "campaign/2026/banner_00005.png", error: "404 Not Found: http://origin.example.com/campaign/2026/banner_00005.png" } });
  });

  it("finds tasks by a substring of an item key or of an error, in any case", async () => {
    expect((await list("banner_0011")).map((row) => row.persistentId)).toEqual([BIG]);
    expect((await list("404 not found")).map((row) => row.persistentId)).toEqual([BIG]);
    // 10,000 matching items, past GATHER_CAP: found by walking the list instead.
    expect((await list("CAMPAIGN/2026/banner")).map((row) => row.persistentId)).toEqual([BIG]);
    expect(await list("no such text anywhere")).toEqual([]);
  });

  it("reads a persistentId out of this app's address and the vendor's", async () => {
    expect((await list(`https://monitor.example.com/tasks/${BIG}?items=failed`)).map((row) => row.persistentId)).toEqual([BIG]);
    expect((await list(`http://mgr.example.com/fmgr/status?persistentId=${BIG}`)).map((row) => row.persistentId)).toEqual([BIG]);
  });

  it("sends a pasted address or ticket line straight to the task page", async () => {
    for (const q of [`https://monitor.example.com/tasks/${BIG}`, `Task ${BIG} failed overnight, please check`]) {
      const response = await app.signedInFetch(`/tasks?q=${encodeURIComponent(q)}`, { redirect: "manual" });
      expect(response.status).toBe(307);
      expect(response.headers.get("location")).toMatch(new RegExp(`/tasks/${BIG}$`));
    }
  });

  it("leaves empty filters out of the address", async () => {
    const response = await app.signedInFetch("/tasks?q=&since=&until=&op=", { redirect: "manual" });
    expect(response.status).toBe(307);
    expect(response.headers.get("location")).toMatch(/\/tasks$/);
    const kept = await app.signedInFetch("/tasks?q=banner&since=", { redirect: "manual" });
    expect(kept.headers.get("location")).toMatch(/\/tasks\?q=banner$/);
  });

  // The form to ask the vendor on that page is checked in a browser (e2e/triage.spec.ts):
  // Next renders a dynamic page's not-found body in the browser, not on the server.
  it("answers 404 for the page of an unknown task", async () => {
    expect((await app.signedInFetch("/tasks/ff808081neverseen000000000000001")).status).toBe(404);
  });
});
