// Storm: thousands of callbacks over hundreds of tasks, split one item per notification
// (separate = 1) the way the vendor splits them, each body delivered one to three times,
// shuffled, 50 at a time, signed by the fake vendor's delivery code, against the
// production build and the real Postgres (npm run build first). The stored tasks and
// items must equal a model computed here from the scenarios alone, with no 5xx.
// `npm run test:stress` runs the full size (10,000 callbacks over 1,000 tasks).
import pLimit from "p-limit";
import { describe, expect, it } from "vitest";
import type { AppServer } from "@/scripts/test-support/app-server";
import { TEST_KEYS } from "@/scripts/test-support/signed-callback";
import { queryDatabase, type TestDatabase } from "@/scripts/test-support/test-database";
import { setUpTestApp } from "@/scripts/test-support/vitest-app";
import { signCallback } from "@/lib/fmgr/signature";
import { encodeCallbackBody, sendCallbackOnce } from "@/scripts/fake-vendor/callbacks";
import { makeScenario, seededRandom } from "@/scripts/fake-vendor/scenarios";
import { modelMismatches } from "@/scripts/test-support/scenario-model";
import { notificationsOf, withUniqueOperations } from "@/scripts/test-support/scenario-notifications";

const FULL = process.env.STRESS === "1";
const TASKS = FULL ? 1_000 : 100;
const CONCURRENCY = 50;
let db: TestDatabase;
let app: AppServer;

setUpTestApp("storm", { LOG_LEVEL: "error" }, (started) => ({ db, app } = started));

type Delivery = { persistentId: string; body: string; authorization: string };

function shuffle<T>(values: T[], random: () => number): T[] {
  for (let i = values.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [values[i], values[j]] = [values[j]!, values[i]!];
  }
  return values;
}

describe(`a storm of callbacks over ${TASKS} tasks`, () => {
  it("stores exactly what the scenarios say, with every duplicate counted and no 5xx", async () => {
    const random = seededRandom(20261128);
    const notifyUrl = `${app.url}/api/fmgr/callback`;
    const scenarios = Array.from({ length: TASKS }, () => {
      const scenario = makeScenario(random, { maxItems: 28 });
      return { ...scenario, task: withUniqueOperations(scenario.task) };
    });
    const deliveries: Delivery[] = [];
    const bodiesPerTask = new Map<string, number>();
    const deliveriesPerTask = new Map<string, number>();
    for (const scenario of scenarios) {
      const task = scenario.task;
      const documents = notificationsOf(task);
      bodiesPerTask.set(task.id, documents.length);
      for (const document of documents) {
        const body = encodeCallbackBody(document);
        const authorization = signCallback({ accessKey: TEST_KEYS.accessKey, secretKey: TEST_KEYS.secretKey, url: notifyUrl, body });
        const copies = 1 + Math.floor(random() * 3);
        deliveriesPerTask.set(task.id, (deliveriesPerTask.get(task.id) ?? 0) + copies);
        for (let copy = 0; copy < copies; copy++) deliveries.push({ persistentId: task.id, body, authorization });
      }
    }
    shuffle(deliveries, random);

    const statuses = new Map<string, number>();
    const started = performance.now();
    const limit = pLimit(CONCURRENCY);
    await Promise.all(
      deliveries.map((delivery) =>
        limit(async () => {
          const attempt = await sendCallbackOnce({ notifyUrl, body: delivery.body, authorization: delivery.authorization, timeoutMs: 60_000 });
          const key = String(attempt.status ?? attempt.error);
          statuses.set(key, (statuses.get(key) ?? 0) + 1);
        }),
      ),
    );
    const seconds = (performance.now() - started) / 1000;
    const bodies = [...bodiesPerTask.values()].reduce((sum, count) => sum + count, 0);
    console.log(`storm: ${bodies} callbacks, ${deliveries.length} deliveries over ${TASKS} tasks in ${seconds.toFixed(1)} s (${(deliveries.length / seconds).toFixed(0)}/s); answers ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect(Object.fromEntries(statuses)).toEqual({ "200": deliveries.length });

    const [stored] = await queryDatabase<{ tasks: string }>(db.url, "SELECT count(*) AS tasks FROM tasks");
    expect(Number(stored?.tasks)).toBe(TASKS);
    const mismatches = await modelMismatches(db.url, scenarios, { events: bodiesPerTask, deliveries: deliveriesPerTask });
    expect(mismatches.slice(0, 5)).toEqual([]);
    const counts = await (await app.signedInFetch("/api/task-counts")).json() as { counts: Record<string, number> };
    expect(Object.values(counts.counts).reduce((sum, count) => sum + count, 0)).toBe(TASKS);
  }, FULL ? 900_000 : 180_000);
});
