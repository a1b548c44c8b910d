// Reads while events wait for the projector, over HTTP against the production build: an
// instance with PROJECTOR_ENABLED=false only appends, so what it stores stays pending
// until an instance that projects (a second app on the same database) applies it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postSignedCallback, TEST_KEYS } from "@/scripts/test-support/signed-callback";
import { startAppServer, type AppServer } from "@/scripts/test-support/app-server";
import { createTestDatabase, type TestDatabase } from "@/scripts/test-support/test-database";
import { migrateDatabase } from "@/lib/db/migrate";

let db: TestDatabase;
let ingestOnly: AppServer;
let projecting: AppServer | undefined;

const ENV = { FMGR_CALLBACK_KEYS: `${TEST_KEYS.accessKey}:${TEST_KEYS.secretKey}`, RECONCILER_ENABLED: "false", LOG_LEVEL: "warn" };

beforeAll(async () => {
  db = await createTestDatabase("pending");
  await migrateDatabase({ kind: "postgres", url: db.url });
  ingestOnly = await startAppServer({ ...ENV, DATABASE_URL: db.url, PROJECTOR_ENABLED: "false" });
}, 60_000);

afterAll(async () => {
  await ingestOnly?.stop();
  await projecting?.stop();
  await db?.drop();
});

type Detail = { pendingEvents: number; task: { state: string; itemCount: number; failedCount: number } };

async function detail(app: AppServer, id: string): Promise<Detail> {
  return (await (await app.signedInFetch(`/api/tasks/${id}`)).json()) as Detail;
}

describe("a task with events not yet applied", () => {
  it("says so in the API and on its page (updating…), until an instance that projects applies them", async () => {
    const id = "ff808081pending000000000000000001";
    const document = { id, code: 2, separate: 0, items: [{ cmd: "bucket/bWVkaWE=/key/YS5tcDQ=", code: 20, error: "404" }, { cmd: "bucket/bWVkaWE=/key/Yi5tcDQ=", code: 6 }] };
    expect((await postSignedCallback({ appUrl: ingestOnly.url, document })).status).toBe(200);

    expect(await detail(ingestOnly, id)).toMatchObject({ pendingEvents: 1, task: { state: "unknown", itemCount: 0 } });
    const page = await (await ingestOnly.signedInFetch(`/tasks/${id}`)).text();
    expect(page).toContain("Updating… <!-- -->1<!-- --> new event");

    projecting = await startAppServer({ ...ENV, DATABASE_URL: db.url });
    await expect.poll(async () => (await detail(ingestOnly, id)).pendingEvents, { timeout: 10_000 }).toBe(0);
    expect(await detail(ingestOnly, id)).toMatchObject({ task: { state: "partial", itemCount: 2, failedCount: 1 } });
    expect(await (await ingestOnly.signedInFetch(`/tasks/${id}`)).text()).not.toContain("Updating…");
  }, 60_000);
});
