// Two app instances on one Postgres, both with their reconciler running every 200 ms:
// callbacks spread over both (redeliveries often to the other instance) are stored once
// each, and a task that stays "processing" at the vendor is looked up once per round,
// never by both instances at once. Against the production build (npm run build first).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "@/scripts/test-support/app-server";
import { TEST_KEYS } from "@/scripts/test-support/signed-callback";
import { createTestDatabase, queryDatabase, type TestDatabase } from "@/scripts/test-support/test-database";
import { deliverCallback } from "@/scripts/fake-vendor/callbacks";
import { makeScenario, seededRandom } from "@/scripts/fake-vendor/scenarios";
import { FakeVendor, type VendorTask } from "@/scripts/fake-vendor/server";
import { notificationsOf, withUniqueOperations } from "@/scripts/test-support/scenario-notifications";

const STALE_AFTER_MS = 1_500;
const WATCH_MS = 7_000;
let db: TestDatabase;
let vendor: FakeVendor;
let apps: AppServer[] = [];

beforeAll(async () => {
  db = await createTestDatabase("twoapps");
  vendor = await FakeVendor.start();
  const env = {
    DATABASE_URL: db.url,
    FMGR_MGR_DOMAIN: vendor.url,
    FMGR_CALLBACK_KEYS: `${TEST_KEYS.accessKey}:${TEST_KEYS.secretKey}`,
    RECONCILER_INTERVAL_MS: "200",
    RECONCILER_STALE_AFTER_MS: String(STALE_AFTER_MS),
    LOG_LEVEL: "error",
  };
  // One after the other: the second waits on the first's migration lock anyway.
  apps = [await startAppServer(env), await startAppServer(env)];
}, 120_000);

afterAll(async () => {
  await Promise.all(apps.map((app) => app.stop()));
  await vendor?.close();
  await db?.drop();
});

describe("two instances on one database", () => {
  it("store every callback once, whichever instance takes it, and poll each stale task once per round", async () => {
    const random = seededRandom(4242);
    const documents: VendorTask[] = [];
    const running: string[] = [];
    for (let n = 0; n < 60; n++) {
      const { task, outcome } = makeScenario(random, { maxItems: 6 });
      const unique = withUniqueOperations(task);
      // The vendor answers lookups with the same task; "processing" ones stay so.
      vendor.setTask(unique);
      if (outcome === "processing") running.push(unique.id);
      documents.push(...notificationsOf(unique, outcome === "processing" ? 1 : 3));
    }
    expect(running.length).toBeGreaterThan(3);

    // Each body goes to one instance, and half of them again to the other.
    let deliveries = 0;
    await Promise.all(
      documents.map(async (document, index) => {
        const targets = index % 2 === 0 ? [apps[0]!, apps[1]!] : [apps[index % 4 === 1 ? 1 : 0]!];
        for (const app of targets) {
          const report = await deliverCallback({ notifyUrl: `${app.url}/api/fmgr/callback`, accessKey: TEST_KEYS.accessKey, secretKey: TEST_KEYS.secretKey, document, retryDelaysMs: [0, 0, 0] });
          expect(report.delivered).toBe(true);
          deliveries += 1;
        }
      }),
    );
    const [stored] = await queryDatabase<{ events: string; bodies: string; deliveries: string }>(
      db.url,
      "SELECT count(*) AS events, count(DISTINCT raw) AS bodies, coalesce(sum(deliveries), 0) AS deliveries FROM task_events WHERE source = 'callback'",
    );
    expect({ events: Number(stored?.events), bodies: Number(stored?.bodies), deliveries: Number(stored?.deliveries) }).toEqual({
      events: documents.length,
      bodies: documents.length,
      deliveries,
    });

    // Let both reconcilers run for several rounds past the tasks' first due time.
    vendor.statusRequests.length = 0;
    await new Promise((resolve) => setTimeout(resolve, WATCH_MS));
    const problems: string[] = [];
    for (const id of running) {
      const times = vendor.statusRequestsFor(id).map((request) => request.at);
      if (times.length === 0) problems.push(`${id}: never looked up`);
      for (let i = 1; i < times.length; i++) {
        // A second claim in the same round would follow within one reconcile interval.
        if (times[i]! - times[i - 1]! < STALE_AFTER_MS) problems.push(`${id}: looked up twice within ${times[i]! - times[i - 1]!} ms`);
      }
    }
    const finished = documents.map((document) => document.id).filter((id) => !running.includes(id));
    const polledFinished = finished.filter((id) => vendor.statusRequestsFor(id).length > 0);
    console.log(`two instances: ${documents.length} callbacks, ${deliveries} deliveries; ${running.length} running tasks looked up ${running.map((id) => vendor.statusRequestsFor(id).length).join(",")} times in ${WATCH_MS / 1000} s`);
    expect(problems).toEqual([]);
    expect(polledFinished).toEqual([]);
  }, 120_000);
});
