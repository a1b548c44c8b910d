// POST /api/tasks/<id>/refresh and GET /api/tasks/<id> over HTTP, against the production
// build (npm run build first), the real Postgres and the fake vendor.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "@/scripts/test-support/app-server";
import { postSignedCallback, TEST_KEYS } from "@/scripts/test-support/signed-callback";
import { createTestDatabase, type TestDatabase } from "@/scripts/test-support/test-database";
import { FakeVendor, type StatusBehavior } from "@/scripts/fake-vendor";

const LOOKUP_TIMEOUT_MS = 1_000;

let db: TestDatabase;
let vendor: FakeVendor;
let app: AppServer;
let sequence = 0;

beforeAll(async () => {
  db = await createTestDatabase("refresh");
  vendor = await FakeVendor.start();
  app = await startAppServer({
    DATABASE_URL: db.url,
    FMGR_MGR_DOMAIN: vendor.url,
    FMGR_CALLBACK_KEYS: `${TEST_KEYS.accessKey}:${TEST_KEYS.secretKey}`,
    FMGR_LOOKUP_TIMEOUT_MS: String(LOOKUP_TIMEOUT_MS),
    FMGR_LOOKUP_CONCURRENCY: "2",
    RECONCILER_ENABLED: "false",
    LOG_LEVEL: "error",
  });
});

afterAll(async () => {
  await app?.stop();
  await vendor?.close();
  await db?.drop();
});

beforeEach(() => {
  vendor.setStatusBehavior({ kind: "normal" });
});

function vendorTask(code = 6, itemCode = 6) {
  sequence += 1;
  const id = `ff808081refresh${String(sequence).padStart(8, "0")}`;
  return { id, code, desc: "d", separate: 0, items: [{ cmd: "bucket/YQ==/key/Yg==", code: itemCode, desc: "d", error: null, hash: "h", fsize: 5, key: "b", url: "http://cdn.example.com/b" }] };
}

type Reply = {
  task?: Record<string, unknown>;
  items?: Record<string, unknown>[];
  events?: { source: string }[];
  error?: { code: string; message: string };
};

type LookupReply = {
  task: { lastLookup: { outcome: string; message: string } | null; lookupFailures: number; lookupFailingSince: string | null };
  lookups: { trigger: string; outcome: string; message: string; at: string }[];
};

async function refresh(id: string, query = "") {
  const started = performance.now();
  const response = await app.signedInFetch(`/api/tasks/${encodeURIComponent(id)}/refresh${query}`, { method: "POST", signal: AbortSignal.timeout(30_000) });
  return { status: response.status, body: (await response.json()) as Reply, ms: performance.now() - started };
}

describe("refreshing a task from the vendor", () => {
  it("stores items the vendor has sent no code for yet, as pending, and a later code replaces them", async () => {
    const task = vendorTask();
    const items = [null, "", undefined].map((code, n) => ({ cmd: `bucket/YQ==/key/${Buffer.from(`k${n}`).toString("base64url")}`, code, key: `k${n}` }));
    vendor.setTask({ ...task, code: 1, items });
    const first = await refresh(task.id);
    expect(first.status).toBe(200);
    expect(first.body.task).toMatchObject({ state: "pending", itemCount: 3 });
    expect(first.body.items?.map((item) => [item.code, item.codeLabel, item.codeClass])).toEqual([
      [null, "no code yet", "pending"],
      [null, "no code yet", "pending"],
      [null, "no code yet", "pending"],
    ]);

    vendor.setTask({ ...task, code: 3, items: items.map((item) => ({ ...item, code: 3 })) });
    const second = await refresh(task.id);
    expect(second.body.task).toMatchObject({ state: "succeeded" });
    expect(second.body.items?.map((item) => item.code)).toEqual([3, 3, 3]);
  });

  it("refreshes a known task and records the lookup beside its callback", async () => {
    const task = vendorTask();
    vendor.setTask(task);
    expect((await postSignedCallback({ appUrl: app.url, document: { ...task, code: 3 } })).status).toBe(200);

    const { status, body } = await refresh(task.id);
    expect(status).toBe(200);
    expect(body.task).toMatchObject({ persistentId: task.id, state: "succeeded", lookupCode: { code: 6, label: "notification succeeded" }, callbackCode: { code: 3 } });
    expect(body.events?.map((event) => event.source)).toEqual(["lookup", "callback"]);
    expect(body.items).toMatchObject([{ index: 0, op: "delete", bucket: "a", key: "b", code: 6, codeLabel: "succeeded, notified", fsize: "5" }]);
  });

  it("imports a task the dashboard has never seen", async () => {
    const task = vendorTask(1, 1);
    vendor.setTask(task);
    expect((await app.signedInFetch(`/api/tasks/${task.id}`)).status).toBe(404);

    const { status, body } = await refresh(`  ${task.id} `);
    expect(status).toBe(200);
    expect(body.task).toMatchObject({ persistentId: task.id, state: "processing", itemCount: 1 });
    const stored = await app.signedInFetch(`/api/tasks/${task.id}`);
    expect(stored.status).toBe(200);
  });

  it.each(["has space", "a".repeat(129), "<script>", "../../etc/passwd"])("refuses the id %j without asking the vendor", async (id) => {
    const before = vendor.statusRequests.length;
    const { status, body } = await refresh(id);
    expect(status).toBe(400);
    expect(body.error?.code).toBe("invalid_persistent_id");
    expect(vendor.statusRequests.length).toBe(before);
  });

  it.each<[string, StatusBehavior, number, string, RegExp]>([
    ["an unknown id", { kind: "normal" }, 502, "vendor_refused", /persistentId not found/],
    ["an error document", { kind: "error-document", code: 403, message: "access denied for this task" }, 502, "vendor_refused", /access denied for this task/],
    ["a vendor that keeps failing", { kind: "server-error", status: 502 }, 502, "vendor_refused", /502/],
    ["a vendor that hangs", { kind: "hang" }, 504, "vendor_timeout", /did not answer within 1 s/],
    ["a vendor that resets connections", { kind: "reset" }, 502, "vendor_unreachable", /could not be reached/],
    ["garbage", { kind: "garbage" }, 502, "vendor_invalid_response", /not JSON/],
    ["a huge answer", { kind: "huge", bytes: 9 * 1024 * 1024 }, 502, "vendor_invalid_response", /larger than 8 MiB/],
  ])("turns %s into a clear answer", async (_name, behavior, status, code, message) => {
    const id = vendorTask().id;
    vendor.setStatusBehavior(behavior);
    const result = await refresh(id);
    expect(result.status).toBe(status);
    expect(result.body.error?.code).toBe(code);
    expect(result.body.error?.message).toMatch(message);
    expect(result.ms).toBeLessThan(3 * LOOKUP_TIMEOUT_MS + 2_000);
  });

  it("keeps every lookup as history, failures included, and shows the last one", async () => {
    const task = vendorTask();
    vendor.setTask(task);
    expect((await refresh(task.id)).status).toBe(200);
    vendor.setStatusBehavior({ kind: "error-document", code: 404, message: "persistentId not found" });
    expect((await refresh(task.id)).status).toBe(502);
    vendor.setStatusBehavior({ kind: "hang" });
    expect((await refresh(task.id)).status).toBe(504);

    const failing = (await (await app.signedInFetch(`/api/tasks/${task.id}`)).json()) as LookupReply;
    expect(failing.lookups.map((lookup) => [lookup.trigger, lookup.outcome])).toEqual([
      ["manual", "timeout"],
      ["manual", "refused"],
      ["import", "ok"],
    ]);
    expect(failing.lookups[1]?.message).toMatch(/persistentId not found/);
    expect(failing.lookups[2]?.message).toBe("code 6 (notification succeeded), 1 item(s)");
    expect(failing.task).toMatchObject({ lastLookup: { outcome: "timeout" }, lookupFailures: 2 });
    expect(failing.task.lastLookup?.message).toMatch(/did not answer/);
    expect(failing.task.lookupFailingSince).toBe(failing.lookups[1]?.at);

    vendor.setStatusBehavior({ kind: "normal" });
    expect((await refresh(task.id)).status).toBe(200);
    const recovered = (await (await app.signedInFetch(`/api/tasks/${task.id}`)).json()) as LookupReply;
    expect(recovered.task).toMatchObject({ lastLookup: { outcome: "ok" }, lookupFailures: 0, lookupFailingSince: null });
    expect(recovered.lookups).toHaveLength(4);
  });

  it("makes one vendor request for 50 refreshes at once", async () => {
    const task = vendorTask();
    vendor.setTask(task);
    // Long enough for all 50 requests to reach the app while the first lookup is out,
    // short enough to stay inside the 1 s lookup timeout.
    vendor.setStatusBehavior({ kind: "delay", ms: 600 }, task.id);
    const results = await Promise.all(Array.from({ length: 50 }, () => refresh(task.id)));
    expect(results.map((result) => result.status)).toEqual(Array.from({ length: 50 }, () => 200));
    expect(vendor.statusRequestsFor(task.id)).toHaveLength(1);
  });

  it("asks the vendor about at most FMGR_LOOKUP_CONCURRENCY tasks at once", async () => {
    const tasks = Array.from({ length: 6 }, () => vendorTask());
    for (const task of tasks) vendor.setTask(task);
    vendor.setStatusBehavior({ kind: "delay", ms: 200 });
    vendor.peakConcurrentStatusRequests = 0;
    const results = await Promise.all(tasks.map((task) => refresh(task.id)));
    expect(results.map((result) => result.status)).toEqual(tasks.map(() => 200));
    expect(vendor.peakConcurrentStatusRequests).toBe(2);
  });

  it("reuses a lookup from the last seconds unless forced", async () => {
    const task = vendorTask();
    vendor.setTask(task);
    await refresh(task.id);
    await refresh(task.id, "?force=false");
    expect(vendor.statusRequestsFor(task.id)).toHaveLength(1);
    await refresh(task.id);
    expect(vendor.statusRequestsFor(task.id)).toHaveLength(2);
  });
});
