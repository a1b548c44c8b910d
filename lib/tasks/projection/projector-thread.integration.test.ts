// The projector's thread, against the production build: the app applies callbacks on a
// connection of the thread's own, and a batch whose connection is killed is applied again
// by the thread, not lost with it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postSignedCallback, TEST_KEYS } from "@/scripts/test-support/signed-callback";
import { startAppServer, type AppServer } from "@/scripts/test-support/app-server";
import { createTestDatabase, queryDatabase, waitForProjection, type TestDatabase } from "@/scripts/test-support/test-database";
import { migrateDatabase } from "@/lib/db/migrate";

let db: TestDatabase;
let app: AppServer;

beforeAll(async () => {
  db = await createTestDatabase("thread");
  await migrateDatabase({ kind: "postgres", url: db.url });
  app = await startAppServer({ DATABASE_URL: db.url, FMGR_CALLBACK_KEYS: `${TEST_KEYS.accessKey}:${TEST_KEYS.secretKey}`, RECONCILER_ENABLED: "false", LOG_LEVEL: "info" });
}, 60_000);

afterAll(async () => {
  await app?.stop();
  await db?.drop();
});

const taskId = (n: number) => `ff808081thread${String(n).padStart(18, "0")}`;
const document = (n: number) => ({ id: taskId(n), code: 3, separate: 0, items: [{ cmd: `bucket/YQ==/key/${Buffer.from(`k${n}`).toString("base64")}`, code: 6 }] });

async function projectorConnections(): Promise<number[]> {
  const rows = await queryDatabase<{ pid: number }>(db.url, "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'fmgr-projector'");
  return rows.map((row) => row.pid);
}

async function send(from: number, count: number): Promise<void> {
  for (let n = from; n < from + count; n += 1) expect((await postSignedCallback({ appUrl: app.url, document: document(n) })).status).toBe(200);
}

async function succeeded(): Promise<number> {
  const [row] = await queryDatabase<{ count: string }>(db.url, "SELECT count(*) FROM tasks WHERE state = 'succeeded' AND persistent_id LIKE 'ff808081thread%'");
  return Number(row?.count);
}

describe("the projector's thread", () => {
  it("applies what the app appends, on connections of its own", async () => {
    await send(0, 20);
    await waitForProjection(db.url);
    expect(await succeeded()).toBe(20);
    expect(app.output()).toContain("The projector runs in a thread of its own");
    expect((await projectorConnections()).length).toBeGreaterThanOrEqual(1);
  }, 30_000);

  it("applies again what a killed connection rolled back, and goes on", async () => {
    const sending = send(20, 60);
    // Its connections die while callbacks arrive: the batches on them roll back whole.
    let killed = 0;
    for (let round = 0; round < 3; round += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      for (const pid of await projectorConnections()) {
        await queryDatabase(db.url, "SELECT pg_terminate_backend($1)", [pid]);
        killed += 1;
      }
    }
    await sending;
    expect(killed).toBeGreaterThan(0);
    await waitForProjection(db.url, 20_000);
    expect(await succeeded()).toBe(80);
    const [applied] = await queryDatabase<{ events: string; tasks: string }>(db.url, "SELECT count(*) AS events, count(DISTINCT task_id) AS tasks FROM task_events");
    expect(applied).toEqual({ events: "80", tasks: "80" });
  }, 60_000);
});
