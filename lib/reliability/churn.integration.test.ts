// Connection churn: what poolers, cloud load balancers, NAT gateways and failovers do to
// the links between the app and Postgres. The app reaches Postgres through a TCP proxy
// that either closes any link Postgres has sent nothing on for 2 s, or drops every link
// at once in the middle of a round. Each round sends callbacks, a vendor lookup and page
// reads in parallel, then pauses past the idle cut-off. Every request must succeed on
// its first try (a 503 would only be a retry the vendor pays for), nothing may escape as
// an uncaughtException or unhandledRejection, and what is stored must match the model.
// Short in npm test; STRESS=1 (npm run test:stress) runs more rounds.
import pLimit from "p-limit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signCallback } from "@/lib/fmgr/signature";
import { encodeCallbackBody, sendCallbackOnce } from "@/scripts/fake-vendor/callbacks";
import { makeScenario, seededRandom, type Scenario } from "@/scripts/fake-vendor/scenarios";
import { FakeVendor } from "@/scripts/fake-vendor/server";
import { startAppServer, type AppServer } from "@/scripts/test-support/app-server";
import { notificationsOf, withUniqueOperations } from "@/scripts/test-support/scenario-notifications";
import { modelMismatches } from "@/scripts/test-support/scenario-model";
import { TEST_KEYS } from "@/scripts/test-support/signed-callback";
import { startTcpProxy, type TcpProxy } from "@/scripts/test-support/tcp-proxy";
import { createTestDatabase, queryDatabase, type TestDatabase } from "@/scripts/test-support/test-database";

const FULL = process.env.STRESS === "1";
const ROUNDS = FULL ? 10 : 3;
const CALLBACKS_PER_ROUND = 15;
const IDLE_CUT_MS = 2_000;
const PAUSE_MS = 2_600;

type Mode = "idle-close" | "drop-all";

type Rig = { db: TestDatabase; proxy: TcpProxy; vendor: FakeVendor; app: AppServer };

async function startRig(mode: Mode): Promise<Rig> {
  const db = await createTestDatabase(`churn_${mode.replace("-", "_")}`);
  const proxy = await startTcpProxy({ host: "127.0.0.1", port: 5432 }, mode === "idle-close" ? { idleCloseMs: IDLE_CUT_MS } : {});
  const vendor = await FakeVendor.start();
  const url = new URL(db.url);
  url.host = `127.0.0.1:${proxy.port}`;
  const app = await startAppServer({
    DATABASE_URL: url.toString(),
    FMGR_CALLBACK_KEYS: `${TEST_KEYS.accessKey}:${TEST_KEYS.secretKey}`,
    FMGR_MGR_DOMAIN: vendor.url,
    FMGR_REFRESH_REUSE_MS: "0",
    RECONCILER_ENABLED: "false",
    LOG_LEVEL: "warn",
  });
  await app.sessionCookie();
  return { db, proxy, vendor, app };
}

async function stopRig(rig: Rig | undefined): Promise<void> {
  await rig?.app.stop();
  await rig?.vendor.close();
  await rig?.proxy.close();
  await rig?.db.drop();
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function runRounds(rig: Rig, mode: Mode, seed: number) {
  const random = seededRandom(seed);
  const notifyUrl = `${rig.app.url}/api/fmgr/callback`;
  const scenarios: Scenario[] = [];
  const lookedUp: string[] = [];
  const outcomes: string[] = [];
  const record = (what: string, status: number | null, error?: string | null) => outcomes.push(status === 200 ? "200" : `${what}: ${status ?? error}`);
  const limit = pLimit(8);

  for (let round = 0; round < ROUNDS; round++) {
    const documents = [];
    while (documents.length < CALLBACKS_PER_ROUND) {
      const scenario = makeScenario(random, { maxItems: 4 });
      const task = withUniqueOperations(scenario.task);
      scenarios.push({ ...scenario, task });
      documents.push(...notificationsOf(task));
    }
    const lookup = withUniqueOperations(makeScenario(random, { maxItems: 4 }).task);
    rig.vendor.setTask({ ...lookup, id: `lookup_${seed}_${round}` });
    lookedUp.push(`lookup_${seed}_${round}`);

    let sent = 0;
    const callbacks = documents.map((document) =>
      limit(async () => {
        const body = encodeCallbackBody(document);
        const authorization = signCallback({ accessKey: TEST_KEYS.accessKey, secretKey: TEST_KEYS.secretKey, url: notifyUrl, body });
        // A failover in the middle of the round: every link drops while requests are in flight.
        if (mode === "drop-all" && ++sent === Math.floor(documents.length / 2)) rig.proxy.dropAll();
        const attempt = await sendCallbackOnce({ notifyUrl, body, authorization, timeoutMs: 30_000 });
        record("callback", attempt.status, attempt.error);
      }),
    );
    const others = [
      rig.app.signedInFetch(`/api/tasks/lookup_${seed}_${round}/refresh`, { method: "POST" }).then((response) => record("lookup", response.status)),
      rig.app.signedInFetch("/tasks").then((response) => record("page /tasks", response.status)),
      rig.app.signedInFetch("/api/tasks?limit=20").then((response) => record("GET /api/tasks", response.status)),
    ];
    await Promise.all([...callbacks, ...others]);
    await pause(PAUSE_MS);
  }
  return { scenarios, lookedUp, outcomes };
}

describe.each<Mode>(["idle-close", "drop-all"])("connection churn (%s)", (mode) => {
  let rig: Rig | undefined;

  beforeAll(async () => {
    rig = await startRig(mode);
  });

  afterAll(async () => {
    await stopRig(rig);
  });

  it("fails no request, lets nothing escape, and stores what the model says", async () => {
    const { db, proxy, app } = rig!;
    const { scenarios, lookedUp, outcomes } = await runRounds(rig!, mode, mode === "idle-close" ? 15 : 16);
    const failed = outcomes.filter((outcome) => outcome !== "200");
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    const retries = [...metrics.matchAll(/^fmgr_database_retries_total\{kind="(\w+)"\} (\d+)/gm)].map(([, kind, count]) => `${kind} ${count}`);
    console.log(`churn (${mode}): ${outcomes.length} requests, ${failed.length} failed; ${proxy.idleClosed()} links cut idle; retries: ${retries.join(", ") || "none"}`);

    if (failed.length) console.log(app.output().split("\n").filter((line) => /warn|error|callback/i.test(line)).slice(-30).join("\n"));
    expect(failed).toEqual([]);
    expect(app.output()).not.toMatch(/uncaughtException|unhandledRejection/);
    expect(metrics).not.toMatch(/^fmgr_process_errors_total\{[^}]*\} [1-9]/m);
    if (mode === "idle-close") expect(proxy.idleClosed()).toBeGreaterThan(0);
    expect(await modelMismatches(db.url, scenarios)).toEqual([]);
    const lookups = await queryDatabase<{ persistent_id: string }>(
      db.url,
      "SELECT DISTINCT t.persistent_id FROM task_events e JOIN tasks t ON t.id = e.task_id WHERE e.source = 'lookup'",
    );
    expect(lookups.map((row) => row.persistent_id).sort()).toEqual([...lookedUp].sort());
  }, FULL ? 600_000 : 180_000);
});
