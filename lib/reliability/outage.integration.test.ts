// Database outage in the middle of a storm: a TCP proxy between the app and Postgres is
// cut while the fake vendor delivers callbacks and retries refused ones on its schedule
// (three at once, then five spaced out; spaced 1/12 of the vendor's minute here, so the
// retries outlast the outage as the vendor's outlast a short one). Every callback
// answered 200 must be stored, every one answered 503 must land on a retry, health must
// report the outage, nothing may answer 500, and the same app must recover by itself.
// Short in npm test (6 s outage); 20 s under npm run test:stress.
import pLimit from "p-limit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "@/scripts/test-support/app-server";
import { TEST_KEYS } from "@/scripts/test-support/signed-callback";
import { startTcpProxy, type TcpProxy } from "@/scripts/test-support/tcp-proxy";
import { createTestDatabase, queryDatabase, type TestDatabase } from "@/scripts/test-support/test-database";
import { deliverCallback, type DeliveryReport } from "@/scripts/fake-vendor/callbacks";
import { makeScenario, seededRandom } from "@/scripts/fake-vendor/scenarios";
import type { VendorTask } from "@/scripts/fake-vendor/server";
import { notificationsOf, withUniqueOperations } from "@/scripts/test-support/scenario-notifications";

const FULL = process.env.STRESS === "1";
const TASKS = FULL ? 400 : 60;
const OUTAGE_MS = FULL ? 20_000 : 6_000;
const RETRY_DELAYS_MS = FULL ? [0, 0, 0, 5_000, 5_000, 5_000, 5_000, 5_000] : [0, 0, 0, 2_000, 2_000, 2_000, 2_000, 2_000];
const CONCURRENCY = 50;
let db: TestDatabase;
let proxy: TcpProxy;
let app: AppServer;

beforeAll(async () => {
  db = await createTestDatabase("outage");
  proxy = await startTcpProxy({ host: "127.0.0.1", port: 5432 });
  const url = new URL(db.url);
  url.host = `127.0.0.1:${proxy.port}`;
  app = await startAppServer({
    DATABASE_URL: url.toString(),
    FMGR_CALLBACK_KEYS: `${TEST_KEYS.accessKey}:${TEST_KEYS.secretKey}`,
    RECONCILER_ENABLED: "false",
    LOG_LEVEL: "fatal",
  });
});

afterAll(async () => {
  await app?.stop();
  await proxy?.close();
  await db?.drop();
});

describe(`a ${OUTAGE_MS / 1000} s database outage in the middle of a storm`, () => {
  it("loses nothing answered 200, lands every 503 on a retry, never answers 500, and recovers", async () => {
    const random = seededRandom(777);
    const documents: VendorTask[] = [];
    for (let n = 0; n < TASKS; n++) documents.push(...notificationsOf(withUniqueOperations(makeScenario(random, { maxItems: 12 }).task)));
    const notifyUrl = `${app.url}/api/fmgr/callback`;
    const reports: DeliveryReport[] = [];
    const healthDuringOutage: number[] = [];
    const limit = pLimit(CONCURRENCY);
    const delivering = Promise.all(
      documents.map((document) =>
        limit(async () => {
          reports.push(
            await deliverCallback({ notifyUrl, accessKey: TEST_KEYS.accessKey, secretKey: TEST_KEYS.secretKey, document, retryDelaysMs: RETRY_DELAYS_MS, requestTimeoutMs: 30_000 }),
          );
        }),
      ),
    );

    // Cut the line once the storm is under way, check health while it is down, restore.
    while (reports.length < documents.length / 5) await new Promise((resolve) => setTimeout(resolve, 50));
    proxy.setMode("refuse");
    const cutAt = Date.now();
    while (Date.now() - cutAt < OUTAGE_MS) {
      healthDuringOutage.push((await fetch(`${app.url}/api/health`, { signal: AbortSignal.timeout(10_000) })).status);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    proxy.setMode("open");
    await delivering;

    const attempts = reports.flatMap((report) => report.attempts);
    const byStatus = new Map<string, number>();
    for (const attempt of attempts) byStatus.set(String(attempt.status ?? "network error"), (byStatus.get(String(attempt.status ?? "network error")) ?? 0) + 1);
    console.log(`outage: ${documents.length} callbacks, ${attempts.length} attempts ${JSON.stringify(Object.fromEntries(byStatus))}; health during the outage ${JSON.stringify([...new Set(healthDuringOutage)])}`);

    expect(healthDuringOutage.every((status) => status === 503)).toBe(true);
    expect(byStatus.get("503") ?? 0).toBeGreaterThan(0);
    expect([...byStatus.keys()].filter((status) => status !== "200" && status !== "503")).toEqual([]);
    expect(reports.filter((report) => !report.delivered)).toEqual([]);

    // Every body is stored once; a body answered 503 and then 200 may count two deliveries
    // (its first commit can succeed just as the line drops), never two events.
    const [stored] = await queryDatabase<{ events: string; bodies: string; deliveries: string }>(
      db.url,
      "SELECT count(*) AS events, count(DISTINCT raw) AS bodies, coalesce(sum(deliveries), 0) AS deliveries FROM task_events",
    );
    expect(Number(stored?.events)).toBe(documents.length);
    expect(Number(stored?.bodies)).toBe(documents.length);
    expect(Number(stored?.deliveries)).toBeGreaterThanOrEqual(documents.length);
    expect((await fetch(`${app.url}/api/health`)).status).toBe(200);
  }, FULL ? 600_000 : 180_000);
});
