// POST /api/fmgr/callback over HTTP, against the production build (npm run build first)
// and a database of its own on the real Postgres.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postSignedCallback, TEST_KEYS } from "@/scripts/test-support/signed-callback";
import { startAppServer, type AppServer } from "@/scripts/test-support/app-server";
import { startTcpProxy, type TcpProxy } from "@/scripts/test-support/tcp-proxy";
import { createTestDatabase, queryDatabase, waitForProjection, type TestDatabase } from "@/scripts/test-support/test-database";
import { migrateDatabase } from "@/lib/db/migrate";
import { separateNotifications } from "@/scripts/fake-vendor/server";

const FIXTURES = path.resolve(import.meta.dirname, "../fmgr/fixtures");
const SEED_BODY = readFileSync(path.join(FIXTURES, "seed-callback-body.txt"), "utf8");
const SEED = JSON.parse(readFileSync(path.join(FIXTURES, "seed-callback-body.json"), "utf8")) as { id: string };
const VECTOR_URL = "https://ops.example.com/api/fmgr/callback?env=prod";
// FMGR_CALLBACK_URL is set below, so only that URL (and its path and query) counts: the
// vendor signs the notifyURL it was given, not the address this test server listens on.
const post = (options: Parameters<typeof postSignedCallback>[0]) => postSignedCallback({ signUrl: VECTOR_URL, ...options });
const VECTOR_RAW = "AK_example_0001:NDdiOTFhNjJlNzZiZDE1ZTUzZGZlMzQwZGUzMGYxYjZkOGNkOGIwMw==";
const VECTOR_ENCODED = "AK_example_0001:ODBkNDUxZTA3YmZiOGUzNGFhMTdjZWI5MTM0ZGMxZjRiNTEzNDU0YQ==";

let db: TestDatabase;
let proxy: TcpProxy;
let app: AppServer;
let sequence = 0;

beforeAll(async () => {
  db = await createTestDatabase("callback");
  await migrateDatabase({ kind: "postgres", url: db.url });
  proxy = await startTcpProxy({ host: "127.0.0.1", port: 5432 });
  const viaProxy = new URL(db.url);
  viaProxy.host = `127.0.0.1:${proxy.port}`;
  app = await startAppServer({
    DATABASE_URL: viaProxy.toString(),
    FMGR_CALLBACK_KEYS: `AK_example_0001:SK_example_secret_0001,${TEST_KEYS.accessKey}:${TEST_KEYS.secretKey}`,
    FMGR_CALLBACK_URL: VECTOR_URL,
    LOG_LEVEL: "warn",
  });
  process.env.DATABASE_URL = db.url;
});

afterAll(async () => {
  await app?.stop();
  await proxy?.close();
  await db?.drop();
});

const query = <T extends Record<string, unknown>>(sql: string, values: unknown[] = []) => queryDatabase<T>(db.url, sql, values);

function newId(label: string): string {
  sequence += 1;
  return `ff808081${label}${String(sequence).padStart(6, "0")}`;
}

function itemOf(n: number, code: number, extra: Record<string, unknown> = {}) {
  return { cmd: `bucket/bWVkaWE=/key/${Buffer.from(`file-${n}.mp4`).toString("base64url")}`, code, desc: "d", error: code === 20 ? "file not exist" : null, hash: "h", fsize: 100 + n, key: `file-${n}.mp4`, url: `http://cdn.example.com/file-${n}.mp4`, ...extra };
}

// The task as the projector leaves it once every stored event is applied.
async function taskRow(persistentId: string) {
  await waitForProjection(db.url);
  const [row] = await query<{ state: string; item_count: number; failed_count: number; callback_code: number | null; lookup_code: number | null; ops: string[] }>(
    "SELECT state, item_count, failed_count, callback_code, lookup_code, ops FROM tasks WHERE persistent_id = $1",
    [persistentId],
  );
  return row;
}

async function eventsOf(persistentId: string) {
  await waitForProjection(db.url);
  return query<{ deliveries: number; signature_key: string; signature_candidate: string; raw: string; code: number | null; source: string }>(
    "SELECT e.deliveries, e.signature_key, e.signature_candidate, e.raw, e.code, e.source FROM task_events e JOIN tasks t ON t.id = e.task_id WHERE t.persistent_id = $1 ORDER BY e.id",
    [persistentId],
  );
}

describe("accepting callbacks", () => {
  it("accepts the test vector for the body as is, and records the matching candidate", async () => {
    const sent = await post({ appUrl: app.url, body: SEED_BODY, query: "?env=prod", authorization: VECTOR_RAW });
    expect(sent).toMatchObject({ status: 200, json: { ok: true } });

    expect(await taskRow(SEED.id)).toMatchObject({ state: "succeeded", item_count: 1, failed_count: 0, callback_code: 3, ops: ["copy_or_move"] });
    const [item] = await query("SELECT bucket, key, fsize::text AS fsize, hash, url, code FROM task_items");
    expect(item).toEqual({
      bucket: "w-transcode-region105",
      key: "test_src_file_1691978251166.mp4",
      fsize: "6437836",
      hash: "lj6NH8CEuuCKd2fBoxe2FJlrl5lT",
      url: "http://w-transcode-region105.com/test_src_file_1691978251166.mp4",
      code: 3,
    });
    expect(await eventsOf(SEED.id)).toEqual([
      { deliveries: 1, signature_key: "AK_example_0001", signature_candidate: "configured-url+raw-body", raw: SEED_BODY, code: 3, source: "callback" },
    ]);
  });

  it("accepts the test vector for the body encoded once more; the same body counts as a redelivery", async () => {
    const sent = await post({ appUrl: app.url, body: SEED_BODY, query: "?env=prod", authorization: VECTOR_ENCODED });
    expect(sent.status).toBe(200);
    expect(await eventsOf(SEED.id)).toMatchObject([{ deliveries: 2 }]);
  });

  it("accepts a raw JSON body and a URL-safe base64 body without padding", async () => {
    const rawId = newId("raw");
    expect((await post({ appUrl: app.url, document: { id: rawId, code: 3, separate: 0, items: [itemOf(1, 3)] }, encoding: "raw-json" })).status).toBe(200);
    const urlSafeId = newId("url");
    const body = Buffer.from(JSON.stringify({ id: urlSafeId, code: 3, items: [itemOf(2, 3, { desc: "??>>??>>~~~" })] })).toString("base64url");
    expect(body).toMatch(/[-_]/);
    expect((await post({ appUrl: app.url, body })).status).toBe(200);
    expect(await taskRow(rawId)).toMatchObject({ state: "succeeded" });
    expect(await taskRow(urlSafeId)).toMatchObject({ state: "succeeded" });
  });

  it("takes numbers as strings and keeps an fsize above 2^53 exact", async () => {
    const id = newId("big");
    const json = `{"id":"${id}","code":"3","separate":"0","items":[{"cmd":"bucket/YQ==/key/Yg==","code":"3","fsize":9007199254740993123}]}`;
    expect((await post({ appUrl: app.url, body: Buffer.from(json).toString("base64url") })).status).toBe(200);
    await waitForProjection(db.url);
    const [item] = await query<{ fsize: string; code: number }>("SELECT i.fsize::text AS fsize, i.code FROM task_items i JOIN tasks t ON t.id = i.task_id WHERE t.persistent_id = $1", [id]);
    expect(item).toEqual({ fsize: "9007199254740993123", code: 3 });
    const [event] = await query<{ fsize: string }>("SELECT e.decoded->'items'->0->>'fsize' AS fsize FROM task_events e JOIN tasks t ON t.id = e.task_id WHERE t.persistent_id = $1", [id]);
    expect(event?.fsize).toBe("9007199254740993123");
  });
});

describe("merging and moving forward", () => {
  it("merges separate = 1 notifications arriving one by one and out of order", async () => {
    const id = newId("sep");
    const task = { id, code: 6, desc: "done", separate: 1, items: [itemOf(1, 6), itemOf(2, 20), itemOf(3, 6)] };
    const [first, second, third] = separateNotifications(task);
    expect((await post({ appUrl: app.url, document: third })).status).toBe(200);
    expect(await taskRow(id)).toMatchObject({ item_count: 1, callback_code: 2 });
    expect((await post({ appUrl: app.url, document: first })).status).toBe(200);
    expect((await post({ appUrl: app.url, document: second })).status).toBe(200);

    expect(await taskRow(id)).toMatchObject({ state: "partial", item_count: 3, failed_count: 1, callback_code: 2 });
    const items = await query<{ key: string; code: number }>("SELECT i.key, i.code FROM task_items i JOIN tasks t ON t.id = i.task_id WHERE t.persistent_id = $1 ORDER BY i.key", [id]);
    expect(items).toEqual([
      { key: "file-1.mp4", code: 6 },
      { key: "file-2.mp4", code: 20 },
      { key: "file-3.mp4", code: 6 },
    ]);
    expect(await eventsOf(id)).toHaveLength(3);
  });

  it("shows a task as processing while separate notifications say more are coming", async () => {
    const id = newId("run");
    const [first] = separateNotifications({ id, code: 6, separate: 1, items: [itemOf(1, 6), itemOf(2, 6)] });
    await post({ appUrl: app.url, document: first });
    expect(await taskRow(id)).toMatchObject({ state: "processing", callback_code: 1, item_count: 1 });
  });

  it("never lets a stale lookup take a final item back", async () => {
    const id = newId("stale");
    await post({ appUrl: app.url, document: { id, code: 3, separate: 0, items: [itemOf(1, 6), itemOf(2, 20)] } });
    const { ingestSnapshot } = await import("@/lib/tasks/ingest/ingest-snapshot");
    const staleJson = JSON.stringify({ id, code: 1, separate: 0, items: [itemOf(1, 1), itemOf(2, 0)] });
    const { parseTaskDocument } = await import("@/lib/fmgr/task-document");
    const parsed = parseTaskDocument(staleJson);
    if (!parsed.ok) throw new Error(parsed.message);
    await ingestSnapshot({ document: parsed.document, source: "lookup", raw: staleJson, json: staleJson });

    expect(await taskRow(id)).toMatchObject({ state: "partial", lookup_code: 1, callback_code: 3 });
    const codes = await query<{ code: number }>("SELECT i.code FROM task_items i JOIN tasks t ON t.id = i.task_id WHERE t.persistent_id = $1 ORDER BY i.index", [id]);
    expect(codes.map((row) => row.code)).toEqual([6, 20]);
    expect((await eventsOf(id)).map((event) => event.source)).toEqual(["callback", "lookup"]);
  });
});

describe("concurrency", () => {
  it("records the same body delivered 50 times at once as one event with 50 deliveries", async () => {
    const id = newId("dup");
    const document = { id, code: 3, separate: 0, items: [itemOf(1, 6), itemOf(2, 6)] };
    const results = await Promise.all(Array.from({ length: 50 }, () => post({ appUrl: app.url, document })));
    expect(results.map((result) => result.status)).toEqual(Array.from({ length: 50 }, () => 200));
    expect(await eventsOf(id)).toMatchObject([{ deliveries: 50 }]);
    expect(await taskRow(id)).toMatchObject({ state: "succeeded", item_count: 2 });
    const [count] = await query<{ n: number }>("SELECT count(*)::int AS n FROM task_items i JOIN tasks t ON t.id = i.task_id WHERE t.persistent_id = $1", [id]);
    expect(count?.n).toBe(2);
  });

  it("stores 200 distinct tasks sent at once", async () => {
    const ids = Array.from({ length: 200 }, () => newId("many"));
    const results = await Promise.all(ids.map((id, n) => post({ appUrl: app.url, document: { id, code: 3, separate: 0, items: [itemOf(n, n % 7 === 0 ? 20 : 6)] } })));
    expect(results.filter((result) => result.status !== 200)).toEqual([]);
    await waitForProjection(db.url);
    const [stored] = await query<{ tasks: number; events: number }>(
      "SELECT count(DISTINCT t.id)::int AS tasks, count(e.id)::int AS events FROM tasks t JOIN task_events e ON e.task_id = t.id WHERE t.persistent_id = ANY($1)",
      [ids],
    );
    expect(stored).toEqual({ tasks: 200, events: 200 });
  });
});

describe("rejecting callbacks", () => {
  async function rejectedRow(reason: string) {
    const [row] = await query<{ failed_check: string; access_key: string | null; deliveries: number; body: string; body_bytes: number; body_truncated: boolean; headers: Record<string, string>; message: string }>(
      "SELECT failed_check, access_key, deliveries, body, body_bytes, body_truncated, headers, message FROM rejected_callbacks WHERE reason = $1 ORDER BY id DESC LIMIT 1",
      [reason],
    );
    return row;
  }

  const document = () => ({ id: newId("rej"), code: 3, items: [itemOf(1, 3)] });

  it.each([
    ["missing_signature", { authorization: null }, 401, "signature", null],
    ["malformed_signature", { authorization: "no-colon-here" }, 401, "signature", null],
    ["unknown_key", { accessKey: "AK_nobody", secretKey: "whatever" }, 401, "signature", "AK_nobody"],
    ["signature_mismatch", { secretKey: "SK_wrong" }, 401, "signature", "AK_test"],
    ["undecodable_body", { body: "%%% not base64 %%%" }, 400, "encoding", "AK_test"],
    ["invalid_document", { document: { code: 3, items: "none" } }, 400, "document", "AK_test"],
  ] as const)("answers %s, keeps the request and stores nothing as accepted", async (reason, overrides, status, failedCheck, accessKey) => {
    const sent = await post({ appUrl: app.url, document: document(), ...overrides });
    expect(sent.status).toBe(status);
    const reply = sent.json as { error?: { code?: unknown; message?: unknown } };
    expect(typeof reply.error?.code).toBe("string");
    expect(typeof reply.error?.message).toBe("string");
    const row = await rejectedRow(reason);
    expect(row).toMatchObject({ failed_check: failedCheck, access_key: accessKey, deliveries: 1, body: sent.body, body_truncated: false });
    expect(row?.headers["content-type"]).toBe("text/plain; charset=UTF-8");
  });

  it("refuses a body signed for another deployment, however the request is dressed up as it", async () => {
    const staging = "https://staging.other.example/api/fmgr/callback?env=prod";
    const document = { id: "ff808081replay0000000000000000001", code: 3, separate: 0, items: [{ cmd: "bucket/YQ==/key/Yg==", code: 3 }] };
    const sent = await post({ appUrl: app.url, document, query: "?env=prod", signUrl: staging, headers: { "x-forwarded-host": "staging.other.example", "x-forwarded-proto": "https" } });
    expect(sent.status).toBe(401);
    expect(sent.json).toMatchObject({ error: { code: "unauthorized" } });
    expect(await query("SELECT 1 FROM tasks WHERE persistent_id = $1", [document.id])).toEqual([]);
  });

  it("keeps 4 KiB of body and 2 KiB of headers of a refusal without a valid key, and 64 KiB of a mismatch", async () => {
    const big = "B".repeat(64 * 1024);
    const junkHeader = { "x-junk": "J".repeat(12 * 1024), "x-forwarded-for": "198.51.100.200" };
    expect((await post({ appUrl: app.url, body: `${big}unsigned`, authorization: null, headers: junkHeader })).status).toBe(401);
    expect((await post({ appUrl: app.url, body: `${big}unknown`, authorization: "AK_nobody:c2FtZQ==", headers: junkHeader })).status).toBe(401);
    expect((await post({ appUrl: app.url, body: `${big}mismatch`, secretKey: "not-the-secret", headers: junkHeader })).status).toBe(401);
    const rows = await query<{ reason: string; body_length: number; headers_length: number; body_truncated: boolean }>(
      "SELECT reason, length(body) AS body_length, length(headers::text) AS headers_length, body_truncated FROM rejected_callbacks WHERE address = '198.51.100.200' ORDER BY reason",
    );
    expect(rows.map((row) => row.reason)).toEqual(["missing_signature", "signature_mismatch", "unknown_key"]);
    for (const row of rows.filter((candidate) => candidate.reason !== "signature_mismatch")) {
      expect(row.body_length).toBe(4 * 1024);
      expect(row.headers_length).toBeLessThan(2 * 1024 + 200);
      expect(row.body_truncated).toBe(true);
    }
    const mismatch = rows.find((row) => row.reason === "signature_mismatch");
    expect(mismatch?.body_length).toBe(64 * 1024);
  });

  it("stores a flood of unsigned requests from one address only up to its budget, as one group, and counts the rest", async () => {
    const flood = { "x-forwarded-for": "198.51.100.201" };
    const statuses = await Promise.all(Array.from({ length: 120 }, (_, n) => post({ appUrl: app.url, body: `flood-${n}-not-base64!`, authorization: null, headers: flood }).then((sent) => sent.status)));
    expect(new Set(statuses)).toEqual(new Set([401]));
    const [stored] = await query<{ rows: number }>("SELECT count(*)::int AS rows FROM rejected_callbacks WHERE address = '198.51.100.201'");
    expect(stored?.rows).toBeGreaterThanOrEqual(30);
    expect(stored?.rows).toBeLessThanOrEqual(31);
    const groups = await query<{ reason: string; requests: number }>("SELECT reason, requests FROM rejected_callback_groups WHERE address = '198.51.100.201'");
    expect(groups).toEqual([{ reason: "missing_signature", requests: stored?.rows }]);
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    const unstored = Number(/^fmgr_callback_refusals_unstored_total\{reason="missing_signature"\} (\d+)/m.exec(metrics)?.[1] ?? 0);
    expect(unstored).toBeGreaterThanOrEqual(120 - (stored?.rows ?? 0));

    // On /callbacks' API the flood is one line, and a real rejection is not pushed away by it.
    const real = await post({ appUrl: app.url, document: { id: "ff808081real00000000000000000001", items: [] }, secretKey: "not-the-secret", headers: { "x-forwarded-for": "198.51.100.202" } });
    expect(real.status).toBe(401);
    const page = (await (await app.signedInFetch("/api/callbacks/rejected/groups?limit=10")).json()) as { groups: { reason: string; address: string; requests: number }[] };
    expect(page.groups.filter((group) => group.address === "198.51.100.201")).toHaveLength(1);
    expect(page.groups.some((group) => group.address === "198.51.100.202" && group.reason === "signature_mismatch")).toBe(true);
    const filtered = (await (await app.signedInFetch("/api/callbacks/rejected/groups?reason=signature_mismatch&address=198.51.100.202")).json()) as { groups: unknown[] };
    expect(filtered.groups).toHaveLength(1);
  });

  it("counts a repeated rejected request as another delivery", async () => {
    const body = "repeat-me-not-base64!";
    await post({ appUrl: app.url, body, authorization: "AK_test:c2FtZQ==" });
    await post({ appUrl: app.url, body, authorization: "AK_test:c2FtZQ==" });
    const rows = await query<{ deliveries: number }>("SELECT deliveries FROM rejected_callbacks WHERE body = $1", [body]);
    expect(rows).toEqual([{ deliveries: 2 }]);
  });

  it("answers 413 for a body over 4 MiB and keeps its beginning", async () => {
    const body = "A".repeat(4 * 1024 * 1024 + 10);
    const sent = await post({ appUrl: app.url, body });
    expect(sent).toMatchObject({ status: 413, json: { error: { code: "payload_too_large" } } });
    const row = await rejectedRow("body_too_large");
    expect(row).toMatchObject({ failed_check: "size", body_truncated: true });
    expect(row?.body_bytes).toBeGreaterThan(4 * 1024 * 1024);
    expect(row?.body.length).toBeGreaterThan(0);
    expect(row?.body.length).toBeLessThanOrEqual(64 * 1024);
    expect(row?.body).toMatch(/^A+$/);
  });

  it("answers 503 while storage is down, stores nothing, and takes the retry", async () => {
    const id = newId("outage");
    const callback = { id, code: 3, separate: 0, items: [itemOf(1, 6)] };
    proxy.setMode("refuse");
    try {
      const sent = await post({ appUrl: app.url, document: callback });
      expect(sent).toMatchObject({ status: 503, json: { error: { code: "storage_unavailable" } } });
    } finally {
      proxy.setMode("open");
    }
    expect(await taskRow(id)).toBeUndefined();
    expect((await post({ appUrl: app.url, document: callback })).status).toBe(200);
    expect(await eventsOf(id)).toMatchObject([{ deliveries: 1 }]);
  });
});
