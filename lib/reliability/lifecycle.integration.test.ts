// Startup and shutdown as a load balancer and an orchestrator see them, against the
// production build started the way `npm start` and the image start it (scripts/serve.mjs).
// - Health and readiness answer 503 "starting" until the migrations are done: here they
//   are held back by holding the migration lock.
// - SIGTERM in the middle of a storm: the instance stops taking connections, answers what
//   it has, hands its reconcile claims back, and exits 0 within SHUTDOWN_GRACE_MS. A
//   second instance takes the callbacks the first refused and the claims it released.
import pg from "pg";
import pLimit from "p-limit";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { signCallback } from "@/lib/fmgr/signature";
import { MIGRATION_LOCK_ID } from "@/prisma/migration-runner";
import { encodeCallbackBody } from "@/scripts/fake-vendor/callbacks";
import { makeScenario, seededRandom, type Scenario } from "@/scripts/fake-vendor/scenarios";
import { FakeVendor } from "@/scripts/fake-vendor/server";
import { launchAppServer, startAppServer, type AppServer, type LaunchedApp } from "@/scripts/test-support/app-server";
import { modelMismatches } from "@/scripts/test-support/scenario-model";
import { notificationsOf, withUniqueOperations } from "@/scripts/test-support/scenario-notifications";
import { postSignedCallback, TEST_KEYS } from "@/scripts/test-support/signed-callback";
import { createTestDatabase, queryDatabase } from "@/scripts/test-support/test-database";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function statusOf(url: string): Promise<{ status: number; body: { status?: string } } | null> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    return { status: response.status, body: (await response.json()) as { status?: string } };
  } catch {
    return null; // not listening yet
  }
}

describe("startup", () => {
  it("answers 503 starting on health and readiness until the migrations are done", async () => {
    const db = await createTestDatabase("lifecycle_start");
    cleanups.push(() => db.drop());
    const lock = new pg.Client({ connectionString: db.url });
    await lock.connect();
    cleanups.push(() => lock.end());
    await lock.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_ID]);

    const app = await launchAppServer({ DATABASE_URL: db.url, RECONCILER_ENABLED: "false", LOG_LEVEL: "warn" });
    cleanups.push(() => app.stop());
    const seen: string[] = [];
    const heldUntil = Date.now() + 4_000;
    while (Date.now() < heldUntil) {
      for (const path of ["/api/health", "/api/ready"]) {
        const answer = await statusOf(`${app.url}${path}`);
        if (answer) seen.push(`${path} ${answer.status} ${answer.body.status}`);
      }
      await pause(200);
    }
    expect(seen.length).toBeGreaterThan(4);
    expect([...new Set(seen)].sort()).toEqual(["/api/health 503 starting", "/api/ready 503 starting"]);

    await lock.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_ID]);
    const readyBy = Date.now() + 30_000;
    let ready = await statusOf(`${app.url}/api/ready`);
    while (ready?.status !== 200 && Date.now() < readyBy) {
      await pause(200);
      ready = await statusOf(`${app.url}/api/ready`);
    }
    expect(ready).toEqual({ status: 200, body: { status: "ok", db: "ok" } });
    expect((await statusOf(`${app.url}/api/health`))?.status).toBe(200);
  }, 90_000);
});

describe("SIGTERM in the middle of a storm", () => {
  it("loses nothing answered 200, answers no 5xx, exits in time, and hands its claims to the other instance", async () => {
    const GRACE_MS = 8_000;
    const db = await createTestDatabase("lifecycle_stop");
    cleanups.push(() => db.drop());
    const vendor = await FakeVendor.start();
    cleanups.push(() => vendor.close());
    const common = {
      DATABASE_URL: db.url,
      FMGR_CALLBACK_KEYS: `${TEST_KEYS.accessKey}:${TEST_KEYS.secretKey}`,
      FMGR_MGR_DOMAIN: vendor.url,
      RECONCILER_STALE_AFTER_MS: "100",
      RECONCILER_INTERVAL_MS: "200",
      FMGR_LOOKUP_CONCURRENCY: "1",
      SHUTDOWN_GRACE_MS: String(GRACE_MS),
      LOG_LEVEL: "warn",
    };

    // Tasks still running at the vendor, due for a reconcile lookup at once. Instance A
    // claims them all in its first round and, with one slow lookup at a time, still holds
    // most when it is told to stop. B starts only then, so it cannot have claimed any.
    const seeder = await startAppServer({ ...common, RECONCILER_ENABLED: "false" });
    const running = Array.from({ length: 12 }, (_, n) => ({ id: `ff808081running${String(n).padStart(6, "0")}`, code: 1, separate: 0, items: [{ cmd: "bucket/YQ==/key/Yg==", code: 1 }] }));
    for (const task of running) {
      vendor.setTask(task);
      expect((await postSignedCallback({ appUrl: seeder.url, document: task })).status).toBe(200);
    }
    await seeder.stop();
    vendor.setStatusBehavior({ kind: "delay", ms: 700 });

    const a = await startAppServer({ ...common, RECONCILER_BATCH: "100", LOG_LEVEL: "info" });
    cleanups.push(() => a.stop());
    const claimedBy = Date.now() + 10_000;
    while (vendor.statusRequests.length === 0 && Date.now() < claimedBy) await pause(50);
    expect(vendor.statusRequests.length).toBeGreaterThan(0);

    // The storm: every callback goes to A; a connection A refuses or drops goes to B, as
    // a load balancer would send it (the callbacks are idempotent, so a retry is safe).
    const random = seededRandom(4242);
    const scenarios: Scenario[] = Array.from({ length: 40 }, () => {
      const scenario = makeScenario(random, { maxItems: 5 });
      return { ...scenario, task: withUniqueOperations(scenario.task) };
    });
    const documents = scenarios.flatMap((scenario) => notificationsOf(scenario.task));
    let b: AppServer | undefined;
    const bStarting = (async () => {
      b = await startAppServer({ ...common, RECONCILER_BATCH: "100" });
      cleanups.push(() => b!.stop());
      return b;
    })();
    const statuses: number[] = [];
    let redirected = 0;
    let stopped: Promise<number | null> | undefined;
    let stoppedAt = 0;
    let exitedAt = 0;
    const send = async (appUrl: string, body: string) => {
      const notifyUrl = `${appUrl}/api/fmgr/callback`;
      const authorization = signCallback({ accessKey: TEST_KEYS.accessKey, secretKey: TEST_KEYS.secretKey, url: notifyUrl, body });
      const response = await fetch(notifyUrl, { method: "POST", body, headers: { authorization, "content-type": "text/plain" }, signal: AbortSignal.timeout(30_000) });
      await response.text();
      return response.status;
    };
    const limit = pLimit(8);
    await Promise.all(
      documents.map((document, index) =>
        limit(async () => {
          if (index === Math.floor(documents.length / 3) && !stopped) {
            stoppedAt = Date.now();
            stopped = asLaunched(a).stop().then((code) => ((exitedAt = Date.now()), code));
          }
          const body = encodeCallbackBody(document);
          try {
            statuses.push(await send(a.url, body));
          } catch {
            redirected += 1;
            statuses.push(await send((await bStarting).url, body));
          }
        }),
      ),
    );
    const exitCode = await stopped;
    await bStarting;
    console.log(`shutdown: ${documents.length} callbacks, ${redirected} sent to B after A closed; A exited ${exitCode} after ${exitedAt - stoppedAt} ms`);

    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    expect(exitCode).toBe(0);
    expect(exitedAt - stoppedAt).toBeLessThan(GRACE_MS);
    expect(redirected).toBeGreaterThan(0);
    expect(await modelMismatches(db.url, scenarios)).toEqual([]);

    // A's unfinished claims were handed back: B looks every running task up within a few
    // seconds, not after the 60 s lease.
    const lookedUp = async () =>
      (await queryDatabase<{ n: string }>(db.url, "SELECT count(DISTINCT task_id) AS n FROM task_events WHERE source = 'reconcile'"))[0]?.n;
    const handedBy = Date.now() + 15_000;
    while (Number(await lookedUp()) < running.length && Date.now() < handedBy) await pause(200);
    expect(Number(await lookedUp())).toBe(running.length);
    expect(asLaunched(a).output()).toMatch(/handed back reconcile claims/);
  }, 120_000);
});

// startAppServer's stop resolves without the exit code; the launch underneath has it.
function asLaunched(app: AppServer): Pick<LaunchedApp, "stop" | "output"> {
  return { stop: () => new Promise((resolve) => void app.stop().then(() => resolve(app.exitCode()))), output: app.output };
}
