// Runs against the production build: `npm run build` first (the test command does).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "@/scripts/test-support/app-server";
import { startTcpProxy, type TcpProxy } from "@/scripts/test-support/tcp-proxy";
import { createTestDatabase, type TestDatabase } from "@/scripts/test-support/test-database";

let db: TestDatabase;
let proxy: TcpProxy;
let app: AppServer;

beforeAll(async () => {
  db = await createTestDatabase("health");
  proxy = await startTcpProxy({ host: "127.0.0.1", port: 5432 });
  const url = new URL(db.url);
  url.host = `127.0.0.1:${proxy.port}`;
  app = await startAppServer({ DATABASE_URL: url.toString() });
});

afterAll(async () => {
  await app?.stop();
  await proxy?.close();
  await db?.drop();
});

async function getHealth(): Promise<{ status: number; body: unknown; ms: number }> {
  const started = performance.now();
  const response = await fetch(`${app.url}/api/health`, { signal: AbortSignal.timeout(15_000) });
  return { status: response.status, body: await response.json(), ms: performance.now() - started };
}

describe("GET /api/health", () => {
  it("answers 200 when the database answers", async () => {
    const { status, body } = await getHealth();
    expect(status).toBe(200);
    expect(body).toEqual({ status: "ok", db: "ok" });
  });

  it("answers 503 within a few seconds when the database refuses connections", async () => {
    proxy.setMode("refuse");
    const { status, body, ms } = await getHealth();
    expect(status).toBe(503);
    expect(body).toMatchObject({ status: "unavailable", db: "error", error: { code: "db_error" } });
    expect(ms).toBeLessThan(5_000);
  });

  it("answers 503 within a few seconds when the database hangs", async () => {
    proxy.setMode("stall");
    const { status, body, ms } = await getHealth();
    expect(status).toBe(503);
    expect(body).toMatchObject({ status: "unavailable", db: "timeout" });
    expect(ms).toBeLessThan(5_000);
  });

  it("recovers without a restart once the database is back", async () => {
    proxy.setMode("open");
    await expect.poll(async () => (await getHealth()).status, { timeout: 15_000, interval: 250 }).toBe(200);
  });
});
