// Metrics, request-scoped logs and the item export, over HTTP against the production
// build (npm run build first), the real Postgres and the fake vendor.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "@/scripts/test-support/app-server";
import { postSignedCallback, TEST_KEYS } from "@/scripts/test-support/signed-callback";
import { createTestDatabase, type TestDatabase } from "@/scripts/test-support/test-database";
import { TEST_SESSION_SECRET, TEST_USER } from "@/scripts/test-support/test-user";
import { FakeVendor } from "@/scripts/fake-vendor";

const METRICS_TOKEN = "metrics-token-for-tests-0123";
let db: TestDatabase;
let vendor: FakeVendor;
let app: AppServer;

beforeAll(async () => {
  db = await createTestDatabase("ops");
  vendor = await FakeVendor.start();
  app = await startAppServer({
    DATABASE_URL: db.url,
    FMGR_MGR_DOMAIN: vendor.url,
    FMGR_CALLBACK_KEYS: `${TEST_KEYS.accessKey}:${TEST_KEYS.secretKey}`,
    METRICS_TOKEN,
    RECONCILER_ENABLED: "false",
    LOG_LEVEL: "info",
  });
});

afterAll(async () => {
  await app?.stop();
  await vendor?.close();
  await db?.drop();
});

async function scrape(): Promise<string> {
  const response = await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("text/plain");
  return response.text();
}

// The value of one series, e.g. sample(text, 'fmgr_callbacks_total{result="stored",reason=""}'); 0 when absent.
function sample(text: string, series: string): number {
  const line = text.split("\n").find((candidate) => candidate.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

function task(id: string, itemCode: number, items = 1) {
  return {
    id,
    code: 3,
    desc: "done",
    separate: 0,
    items: Array.from({ length: items }, (_, n) => ({ cmd: `bucket/YQ==/key/${Buffer.from(`k${n}`).toString("base64")}`, code: itemCode, key: `k${n}`, desc: "d", error: null, hash: "h", fsize: 5, url: null })),
  };
}

describe("GET /metrics", () => {
  it("needs the bearer token when METRICS_TOKEN is set", async () => {
    expect((await fetch(`${app.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${app.url}/metrics`, { headers: { authorization: "Bearer wrong-token-0123456789" } })).status).toBe(401);
    expect((await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).status).toBe(200);
  });

  it("counts callbacks by result and reason, and times them", async () => {
    const before = await scrape();
    expect(await postSignedCallback({ appUrl: app.url, document: task("ff80808100000000metrics0001", 6) })).toMatchObject({ status: 200 });
    await postSignedCallback({ appUrl: app.url, document: task("ff80808100000000metrics0001", 6) });
    await postSignedCallback({ appUrl: app.url, document: task("ff80808100000000metrics0002", 6), secretKey: "wrong" });
    await app.projected();
    const after = await scrape();
    const delta = (series: string) => sample(after, series) - sample(before, series);
    expect(delta('fmgr_callbacks_total{result="stored",reason=""}')).toBe(1);
    expect(delta('fmgr_callbacks_total{result="duplicate",reason=""}')).toBe(1);
    expect(delta('fmgr_callbacks_total{result="rejected",reason="signature_mismatch"}')).toBe(1);
    expect(delta('fmgr_callback_ingest_seconds_count{result="stored"}')).toBe(1);
    expect(sample(after, 'fmgr_tasks{state="succeeded"}')).toBeGreaterThanOrEqual(1);
    expect(sample(after, "fmgr_database_up")).toBe(1);
    expect(sample(after, "fmgr_projection_backlog")).toBe(0);
    expect(sample(after, "fmgr_projected_events_total")).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'fmgr_db_pool_connections{state="max"}')).toBe(10);
  });

  it("counts lookups by trigger and result", async () => {
    const before = await scrape();
    vendor.setTask(task("ff80808100000000metrics0003", 6));
    expect((await app.signedInFetch("/api/tasks/ff80808100000000metrics0003/refresh", { method: "POST" })).status).toBe(200);
    expect((await app.signedInFetch("/api/tasks/ff80808100000000metricsnone/refresh", { method: "POST" })).status).toBe(502);
    const after = await scrape();
    const delta = (series: string) => sample(after, series) - sample(before, series);
    expect(delta('fmgr_lookups_total{trigger="refresh",result="ok"}')).toBe(1);
    expect(delta('fmgr_lookups_total{trigger="refresh",result="vendor_refused"}')).toBe(1);
    expect(delta('fmgr_lookup_seconds_count{result="ok"}')).toBe(1);
    expect(after).toContain("fmgr_reconciler_backlog ");
  });
});

describe("logs", () => {
  it("carry the request's id on its lines, and never a secret, signature or cookie", async () => {
    const sent = await postSignedCallback({
      appUrl: app.url,
      document: task("ff80808100000000logs000001", 6),
      headers: { "x-request-id": "req-logs-0001" },
    });
    expect(sent.status).toBe(200);
    await postSignedCallback({ appUrl: app.url, body: "not base64!", headers: { "x-request-id": "req-logs-0002" } });
    const cookie = await app.sessionCookie();
    await app.signedInFetch("/api/tasks/ff80808100000000logsunknown/refresh", { method: "POST", headers: { "x-request-id": "req-logs-0003" } });

    const logLines = () => app.output().split("\n").filter((line) => line.startsWith("{")).map((line) => JSON.parse(line) as Record<string, unknown>);
    // The answer can arrive before the app's log line has come through its stdout pipe
    // (a busy machine shows it): wait for the line, not for a fixed time.
    await expect.poll(() => logLines().some((line) => line.requestId === "req-logs-0003")).toBe(true);
    const lines = logLines();
    const stored = lines.find((line) => line.msg === "callback stored" && line.persistentId === "ff80808100000000logs000001");
    expect(stored?.requestId).toBe("req-logs-0001");
    expect(lines.find((line) => line.msg === "callback rejected" && line.requestId === "req-logs-0002")).toBeDefined();
    expect(lines.some((line) => line.requestId === "req-logs-0003")).toBe(true);

    const everything = app.output();
    const signature = sent.authorization.split(":")[1] ?? "";
    expect(signature.length).toBeGreaterThan(10);
    for (const secret of [TEST_KEYS.secretKey, signature, cookie.split("=")[1] ?? "", TEST_USER.password, TEST_SESSION_SECRET, METRICS_TOKEN]) {
      expect(everything).not.toContain(secret);
    }
  });

  it("answer with the request id, keeping a sensible one and replacing a hostile one", async () => {
    const kept = await fetch(`${app.url}/api/health`, { headers: { "x-request-id": "lb-7f3a" } });
    expect(kept.headers.get("x-request-id")).toBe("lb-7f3a");
    const replaced = await fetch(`${app.url}/api/health`, { headers: { "x-request-id": `x" forged=${"a".repeat(80)}` } });
    expect(replaced.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("exporting one task's items", () => {
  it("gives every item as CSV and as JSON, with vendor text kept inert", async () => {
    const document = task("ff80808100000000export0001", 20, 2_500);
    document.items[0] = { ...document.items[0]!, key: "=cmd|' /C calc'!A0", desc: 'quote " and, comma' };
    expect((await postSignedCallback({ appUrl: app.url, document })).status).toBe(200);
    await app.projected();

    const csv = await app.signedInFetch("/api/exports/tasks/ff80808100000000export0001/items?format=csv");
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(csv.headers.get("content-disposition")).toBe('attachment; filename="fmgr-items-ff80808100000000export0001.csv"');
    const text = await csv.text();
    const rows = text.split("\r\n").filter(Boolean);
    expect(rows[0]).toBe("index,op,bucket,key,code,codeLabel,desc,error,hash,fsize,url,decompresslist,cmd");
    expect(rows).toHaveLength(2_501);
    expect(rows[1]).toContain(`,'=cmd|' /C calc'!A0,`);
    expect(rows[1]).toContain('"quote "" and, comma"');

    const json = (await (await app.signedInFetch("/api/exports/tasks/ff80808100000000export0001/items?format=json")).json()) as { items: { index: number; fsize: string }[] };
    expect(json.items).toHaveLength(2_500);
    // Numbered from 1, as on the page.
    expect(json.items.map((item) => item.index)).toEqual(Array.from({ length: 2_500 }, (_, n) => n + 1));
    expect(rows[1]?.startsWith("1,")).toBe(true);
    expect(json.items[0]?.fsize).toBe("5");
  });

  it("answers 404 for an unknown task and 400 for an unknown format", async () => {
    expect((await app.signedInFetch("/api/exports/tasks/nope/items")).status).toBe(404);
    expect((await app.signedInFetch("/api/exports/tasks?format=xlsx")).status).toBe(400);
  });
});

describe("compression", () => {
  it("gzips pages and exports, and not the JSON API, whose answers are small", async () => {
    const gzip = { headers: { "accept-encoding": "gzip" } };
    const callback = await postSignedCallback({ appUrl: app.url, document: task("ff80808100000000gzip000001", 6), headers: { "accept-encoding": "gzip" } });
    expect(callback.status).toBe(200);
    expect(callback.headers.get("content-encoding")).toBeNull();
    expect((await app.signedInFetch("/api/tasks?limit=5", gzip)).headers.get("content-encoding")).toBeNull();
    expect((await app.signedInFetch("/tasks", gzip)).headers.get("content-encoding")).toBe("gzip");
    expect((await app.signedInFetch("/api/exports/tasks?format=csv", gzip)).headers.get("content-encoding")).toBe("gzip");
  });
});
