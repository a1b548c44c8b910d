// Callback ingest under autocannon: the callback route of the production build, beside
// an empty route in the same build (the framework ceiling) and two plain node:http + pg
// servers (bench/bare-server.ts): "bare, same writes" does the app's own check, append
// and projection; "bare, durable minimum" only verifies, decodes and inserts the event.
// Same load tool, same bodies; each target gets its own fresh database. Then the
// projection lag: how long after its 200 a callback shows on its task, under load.
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import path from "node:path";
import autocannon from "autocannon";
import pg from "pg";
import { freePort, startAppServer, type AppServer } from "../scripts/test-support/app-server";
import { recreateDatabase } from "../scripts/test-support/test-database";
import { signCallback } from "../lib/fmgr/signature";
import { migrateDatabase } from "../lib/db/migrate";
import { summarize } from "./stats";

const KEY = { accessKey: "AK_bench", secretKey: "SK_bench_secret" };
const CONNECTION_STEPS = [4, 8, 16, 32, 64];
// The open-loop client's connections: as many as the largest step, so a slow answer
// never makes it open more.
const OPEN_LOOP_SOCKETS = 64;
const ROOT = path.resolve(import.meta.dirname, "..");

type Target = { name: string; url: string; path: string; databaseUrl?: string; ledgerSql?: string; stop: () => Promise<void> };
// errorKinds: what the errors were ("status 503: 2, ECONNRESET: 1"), when there were any.
type Load = { rps: number; errors: number; p50: number; p99: number; connections: number; errorKinds?: string };

// Which persistentIds were sent and which were answered 200: a request still in flight
// when a run ends is sent but never answered (the server may or may not commit it).
export type Ledger = { sent: Set<string>; answered: Set<string> };

// A realistic callback: 1 to 20 items, mostly succeeded, keys under a folder; every
// body has its own persistentId, so every accepted one is a new task and a new event.
function makeBody(run: string, sequence: number): { id: string; body: string } {
  const items = 1 + (sequence % 20);
  const document = {
    id: `ff808081${run}${String(sequence).padStart(12, "0")}`,
    code: 3,
    desc: "processing completed",
    separate: 0,
    items: Array.from({ length: items }, (_, n) => {
      const key = `videos/2026/11/${run}/${sequence}/clip_${n}.mp4`;
      const failed = (sequence + n) % 17 === 0;
      return {
        cmd: `resource/${Buffer.from(`source-bucket:${key}`).toString("base64")}/bucket/${Buffer.from("media").toString("base64")}/key/${Buffer.from(key).toString("base64")}`,
        code: failed ? 20 : 6,
        desc: failed ? "fetch failed" : "success",
        error: failed ? "source returned 404" : null,
        hash: failed ? null : `Fn${sequence.toString(16).padStart(26, "0")}`,
        fsize: failed ? null : 1048576 + n,
        key,
        url: failed ? null : `http://cdn.example.com/${key}`,
      };
    }),
  };
  return { id: document.id, body: Buffer.from(JSON.stringify(document)).toString("base64") };
}

// Half load as the vendor would send it: requests at evenly spaced moments, each on its
// own, whether or not earlier ones have been answered (autocannon's rate limit sends each
// second's budget in a burst, which measures its own queue more than the server).
export async function steadyLoad(
  target: Target,
  options: { rate: number; seconds: number; run: string; ledger: Ledger; onAnswered?: (id: string, at: number) => void },
): Promise<Load> {
  const signedUrl = `${target.url}${target.path}`;
  const latencies: number[] = [];
  const failures = new Map<string, number>();
  const fail = (kind: string) => void failures.set(kind, (failures.get(kind) ?? 0) + 1);
  const pending: Promise<void>[] = [];
  const total = Math.floor(options.rate * options.seconds);
  // Made and signed before the clock starts: the client's own work would otherwise take
  // the cores the server needs, and delay the sends it is meant to space evenly.
  const bodies = Array.from({ length: total }, (_, index) => {
    const { id, body } = makeBody(options.run, index + 1);
    return { id, body, authorization: signCallback({ accessKey: KEY.accessKey, secretKey: KEY.secretKey, url: signedUrl, body }) };
  });
  // node:http on kept-alive connections, not fetch: on two shared cores, Node 20's fetch
  // cost the client so much that it could not keep a 337 req/s schedule, and opened a new
  // connection for every request that found the others busy (0 errors and p99 ~100 ms
  // with this client, 2,468 errors and p99 30 s with fetch, same server, same rate).
  // An idle connection is closed after 4 s, before the server's 5 s keep-alive closes it:
  // a request sent on a connection the server is closing fails with ECONNRESET, the
  // client's race, not the server's error.
  const agent = new http.Agent({ keepAlive: true, maxSockets: OPEN_LOOP_SOCKETS, timeout: 4_000 });
  const started = performance.now();
  for (let sequence = 1; sequence <= total; sequence++) {
    const due = started + ((sequence - 1) * 1000) / options.rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const { id, body, authorization } = bodies[sequence - 1]!;
    options.ledger.sent.add(id);
    pending.push(
      postBody(agent, signedUrl, body, authorization)
        .then((status) => {
          // Timed from the moment the request was due, not sent: a late send (the
          // client's timer, or every socket busy) is the server's delay too.
          latencies.push(performance.now() - due);
          if (status === 200) {
            options.ledger.answered.add(id);
            options.onAnswered?.(id, performance.now());
          } else fail(`status ${status}`);
        })
        .catch((error: NodeJS.ErrnoException) => fail(error.code ?? error.message)),
    );
  }
  await Promise.all(pending);
  agent.destroy();
  const { p50, p99 } = summarize(latencies);
  const errors = [...failures.values()].reduce((sum, count) => sum + count, 0);
  const errorKinds = [...failures].map(([kind, count]) => `${kind}: ${count}`).join(", ");
  return { rps: latencies.length / ((performance.now() - started) / 1000), errors, p50, p99, connections: 0, errorKinds };
}

function errorsOf(load: Load): string {
  return `${load.errors} errors${load.errorKinds ? ` (${load.errorKinds})` : ""}`;
}

function postBody(agent: http.Agent, url: string, body: string, authorization: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, {
      method: "POST",
      agent,
      timeout: 60_000,
      headers: { "content-type": "text/plain; charset=UTF-8", "content-length": Buffer.byteLength(body), authorization },
    }, (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode ?? 0));
      response.on("error", reject);
    });
    request.on("timeout", () => request.destroy(new Error("no answer in 60 s")));
    request.on("error", reject);
    request.end(body);
  });
}

export function drive(target: Target, options: { connections: number; seconds: number; run: string; ledger: Ledger }): Promise<Load> {
  let sequence = 0;
  const signedUrl = `${target.url}${target.path}`;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: target.url,
        connections: options.connections,
        duration: options.seconds,
        timeout: 10,
        requests: [
          {
            method: "POST",
            path: target.path,
            // One request per connection at a time, so the connection's context says
            // which body an answer belongs to.
            setupRequest: (request, context: { id?: string }) => {
              sequence += 1;
              const { id, body } = makeBody(options.run, sequence);
              context.id = id;
              options.ledger.sent.add(id);
              const authorization = signCallback({ accessKey: KEY.accessKey, secretKey: KEY.secretKey, url: signedUrl, body });
              return { ...request, body, headers: { "content-type": "text/plain; charset=UTF-8", authorization } };
            },
            onResponse: (status, _body, context: { id?: string }) => {
              if (status === 200 && context.id) options.ledger.answered.add(context.id);
            },
          },
        ],
      },
      (error, result) => {
        if (error) return reject(error instanceof Error ? error : new Error(String(error)));
        resolve({
          rps: result.requests.average,
          errors: result.errors + result.timeouts + result.non2xx,
          p50: result.latency.p50,
          p99: result.latency.p99,
          connections: options.connections,
        });
      },
    );
  });
}

// Each persistentId stored, with its events and deliveries: the app's event log by default.
const TASK_LEDGER_SQL = "SELECT persistent_id, count(*) AS events, sum(deliveries) AS deliveries FROM task_events GROUP BY persistent_id";
const BARE_EVENTS_LEDGER_SQL =
  "SELECT decoded->>'id' AS persistent_id, count(*) AS events, sum(deliveries) AS deliveries FROM bare_events GROUP BY decoded->>'id'";

// Every body answered 200 must be stored exactly once; a stored body that was never
// answered can only be one still in flight when a run ended.
async function checkStored(databaseUrl: string, ledger: Ledger, ledgerSql = TASK_LEDGER_SQL): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ persistent_id: string; events: string; deliveries: string }>(ledgerSql);
    const stored = new Map(rows.map((row) => [row.persistent_id, row]));
    const lost = [...ledger.answered].filter((id) => !stored.has(id));
    const twice = rows.filter((row) => Number(row.events) !== 1 || Number(row.deliveries) !== 1);
    const unanswered = rows.filter((row) => !ledger.answered.has(row.persistent_id));
    const strays = unanswered.filter((row) => !ledger.sent.has(row.persistent_id));
    const inFlight = ledger.sent.size - ledger.answered.size;
    const verdict = lost.length === 0 && twice.length === 0 && strays.length === 0 && unanswered.length <= inFlight ? "exact" : "MISMATCH";
    return `answered 200: ${ledger.answered.size}, stored: ${rows.length}, lost: ${lost.length}, stored twice: ${twice.length}, ` +
      `stored but unanswered: ${unanswered.length} (of ${inFlight} in flight when runs ended) → ${verdict}`;
  } finally {
    await client.end();
  }
}

type BareMode = "same-writes" | "durable-minimum";
const BARE_NAMES: Record<BareMode, string> = { "same-writes": "bare, same writes", "durable-minimum": "bare, durable minimum" };

async function startBare(mode: BareMode, databaseUrl: string): Promise<Target> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), path.join(ROOT, "bench/bare-server.ts"), mode, String(port), databaseUrl, `${KEY.accessKey}:${KEY.secretKey}`, `${url}/ingest`],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  await new Promise<void>((resolve) => child.stdout?.once("data", () => resolve()));
  const ledgerSql = mode === "durable-minimum" ? BARE_EVENTS_LEDGER_SQL : TASK_LEDGER_SQL;
  return { name: BARE_NAMES[mode], url, path: "/ingest", databaseUrl, ledgerSql, stop: () => Promise.resolve(void child.kill("SIGTERM")) };
}

export async function appTarget(name: string, databaseUrl: string, routePath: string): Promise<Target & { app: AppServer }> {
  const app = await startAppServer({
    DATABASE_URL: databaseUrl,
    FMGR_CALLBACK_KEYS: `${KEY.accessKey}:${KEY.secretKey}`,
    RECONCILER_ENABLED: "false",
    BENCH_ROUTES: "true",
    LOG_LEVEL: "warn",
  });
  return { name, url: app.url, path: routePath, databaseUrl, app, stop: () => app.stop() };
}

// The highest throughput with no errors over the connection steps, then the latency at
// half of it.
async function measureTarget(target: Target, seconds: number, log: (line: string) => void): Promise<{ best: Load; half: Load; ledger: Ledger }> {
  let best: Load | undefined;
  const ledger: Ledger = { sent: new Set(), answered: new Set() };
  const run = Math.random().toString(16).slice(2, 8);
  await drive(target, { connections: 4, seconds: 2, run: `${run}w`, ledger });
  for (const connections of CONNECTION_STEPS) {
    const load = await drive(target, { connections, seconds, run: `${run}c${connections}`, ledger });
    log(`    ${target.name}: ${connections} connections → ${load.rps.toFixed(0)} req/s, ${load.errors} errors, p50 ${load.p50} ms, p99 ${load.p99} ms`);
    if (load.errors === 0 && (!best || load.rps > best.rps)) best = load;
  }
  if (!best) throw new Error(`${target.name}: every step had errors`);
  // The bursts above leave the projector behind; the half-load run starts once it has
  // caught up, so it measures that load, not the previous one's backlog.
  if (target.databaseUrl) log(`    ${target.name}: projection caught up ${(await projectionSettled(target.databaseUrl)).toFixed(0)} ms after the last burst`);
  const half = await steadyLoad(target, { rate: Math.max(1, Math.floor(best.rps / 2)), seconds, run: `${run}h`, ledger });
  log(`    ${target.name}: at half load (${Math.floor(best.rps / 2)} req/s, evenly spaced) p50 ${half.p50.toFixed(1)} ms, p99 ${half.p99.toFixed(1)} ms, ${errorsOf(half)}`);
  return { best, half, ledger };
}

// Waits until no event waits for the projector (the bare durable minimum has none), and
// says how long that took.
async function projectionSettled(databaseUrl: string, timeoutMs = 60_000): Promise<number> {
  const started = performance.now();
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ present: boolean }>("SELECT to_regclass('task_events') IS NOT NULL AS present");
    if (!rows[0]?.present) return 0;
    while (performance.now() - started < timeoutMs) {
      const { rows: [row] } = await client.query<{ pending: string }>("SELECT count(*) AS pending FROM task_events WHERE applied_seq IS NULL");
      if (Number(row?.pending) === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return performance.now() - started;
  } finally {
    await client.end();
  }
}

// Polls which answered callbacks show on their tasks yet (the projector applied them:
// the task has its items), and times each from its 200.
async function watchProjection(databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const waiting = new Map<string, number>();
  const lags: number[] = [];
  let running = true;
  const poll = async () => {
    while (running || waiting.size > 0) {
      const ids = [...waiting.keys()];
      if (ids.length > 0) {
        const { rows } = await client.query<{ persistent_id: string }>("SELECT persistent_id FROM tasks WHERE persistent_id = ANY($1) AND item_count > 0", [ids]);
        const seen = performance.now();
        for (const { persistent_id: id } of rows) {
          lags.push(seen - (waiting.get(id) ?? seen));
          waiting.delete(id);
        }
      }
      if (!running && waiting.size === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const polling = poll();
  return {
    answered: (id: string, at: number) => void waiting.set(id, at),
    // Stops once every answered callback shows: how long that took after the load ended.
    drain: async (timeoutMs: number): Promise<{ lags: number[]; drainMs: number; left: number }> => {
      const started = performance.now();
      running = false;
      await Promise.race([polling, new Promise((resolve) => setTimeout(resolve, timeoutMs))]);
      const left = waiting.size;
      waiting.clear();
      await polling;
      await client.end();
      return { lags, drainMs: performance.now() - started, left };
    },
  };
}

// Callbacks at 80 % of the route's best rate, evenly spaced, for `seconds`: the time from
// each 200 to its task showing it, and how long the backlog takes to drain after.
async function measureProjectionLag(databaseUrl: string, rate: number, seconds: number, log: (line: string) => void) {
  const target = await appTarget("callback route", databaseUrl, "/api/fmgr/callback");
  try {
    const ledger: Ledger = { sent: new Set(), answered: new Set() };
    const run = `lag${Math.random().toString(16).slice(2, 6)}`;
    // A fresh server answers its first seconds of callbacks several times slower than a
    // warm one (V8 has not optimized the code yet): at 60 % of the best rate, that queue
    // took 8 s to clear. The lag is about a server that holds a rate, so it starts warm,
    // as the connection steps do, and with the warm-up's backlog applied.
    await drive(target, { connections: 8, seconds: 5, run: `${run}w`, ledger });
    await projectionSettled(databaseUrl);
    const watcher = await watchProjection(databaseUrl);
    const load = await steadyLoad(target, { rate, seconds, run, ledger, onAnswered: watcher.answered });
    const { lags, drainMs, left } = await watcher.drain(30_000);
    const { p50, p99 } = summarize(lags);
    log(`    projection lag at ${rate} req/s for ${seconds} s: ${lags.length} callbacks, p50 ${p50.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms, max ${Math.max(...lags).toFixed(0)} ms; ` +
      `answers p99 ${load.p99.toFixed(1)} ms, ${errorsOf(load)}; drained ${drainMs.toFixed(0)} ms after the load stopped${left ? `, ${left} NOT SHOWN after 30 s` : ""}`);
    log(`    callback route (lag run): ${await checkStored(databaseUrl, ledger)}`);
    // The lag of the callbacks answered says nothing when the route could not answer the
    // rest: a run with errors, or answers slower than a second at p99, did not hold the rate.
    const held = load.errors === 0 && load.p99 < 1000 && left === 0;
    return { rate, p50, p99, drainMs, left, held, answersP99: load.p99, errorSummary: errorsOf(load) };
  } finally {
    await target.stop();
  }
}

export async function measureIngest({ seconds, lagSeconds, log }: { seconds: number; lagSeconds: number; log: (line: string) => void }): Promise<void> {
  const results: Record<string, { best: Load; half: Load }> = {};
  const databases = {
    callback: await recreateDatabase("fmgr_bench_ingest"),
    empty: await recreateDatabase("fmgr_bench_empty"),
    bareSame: await recreateDatabase("fmgr_bench_bare"),
    bareMinimum: await recreateDatabase("fmgr_bench_bare_min"),
    lag: await recreateDatabase("fmgr_bench_lag"),
    lagLower: await recreateDatabase("fmgr_bench_lag_lower"),
  };
  for (const db of Object.values(databases)) await migrateDatabase({ kind: "postgres", url: db.url });

  const targets: (() => Promise<Target>)[] = [
    () => appTarget("empty route (framework ceiling)", databases.empty.url, "/api/bench/empty"),
    () => appTarget("callback route", databases.callback.url, "/api/fmgr/callback"),
    () => startBare("same-writes", databases.bareSame.url),
    () => startBare("durable-minimum", databases.bareMinimum.url),
  ];
  for (const start of targets) {
    const target = await start();
    try {
      const measured = await measureTarget(target, seconds, log);
      results[target.name] = measured;
      if (target.name !== "empty route (framework ceiling)" && target.databaseUrl) {
        log(`    ${target.name}: ${await checkStored(target.databaseUrl, measured.ledger, target.ledgerSql)}`);
      }
    } finally {
      await target.stop();
    }
  }

  const callback = results["callback route"]!;
  const ceiling = results["empty route (framework ceiling)"]!;
  const same = results[BARE_NAMES["same-writes"]]!;
  const minimum = results[BARE_NAMES["durable-minimum"]]!;
  const lag = await measureProjectionLag(databases.lag.url, Math.floor(callback.best.rps * 0.8), lagSeconds, log);
  // Where the lag holds, when it does not at 80 %.
  const lower = lag.held ? undefined : await measureProjectionLag(databases.lagLower.url, Math.floor(callback.best.rps * 0.6), lagSeconds, log);
  const share = (a: Load, b: Load) => `${((a.rps / b.rps) * 100).toFixed(1)} %`;
  const row = (name: string, load: { best: Load; half: Load }) =>
    `    ${name.padEnd(22)} ${load.best.rps.toFixed(0).padStart(6)} req/s  (half load: p50 ${load.half.p50.toFixed(1)} ms, p99 ${load.half.p99.toFixed(1)} ms)`;
  log("\n  summary");
  log(row("callback route", callback));
  log(row("framework ceiling", ceiling));
  log(row("bare, same writes", same));
  log(row("bare, durable minimum", minimum));
  log(`    callback / ceiling          ${share(callback.best, ceiling.best)}   (target ≥ 60 %)`);
  log(`    callback / bare, same       ${share(callback.best, same.best)}`);
  log(`    callback / bare, minimum    ${share(callback.best, minimum.best)}`);
  log(`    callback p99 at half load   ${callback.half.p99.toFixed(1)} ms   (target < 100 ms)`);
  const lagLine = (share: string, run: typeof lag) =>
    `    projection lag p99 at ${share}  ${run.p99.toFixed(0)} ms at ${run.rate} req/s for ${lagSeconds} s   (target < 1000 ms); drained in ${run.drainMs.toFixed(0)} ms (target ≤ 5000 ms)` +
    (run.held ? "" : `; the route did NOT hold the rate (${run.errorSummary}, answers p99 ${run.answersP99.toFixed(0)} ms)`);
  log(lagLine("80 %", lag));
  if (lower) log(lagLine("60 %", lower));
  // What a route doing these writes could reach if costs add up on the same cores: the
  // bare server's per callback plus the framework's per request. Both runs include the
  // load generator's own cost, so this counts it twice and comes out a little low.
  const estimate = 1 / (1 / same.best.rps + 1 / ceiling.best.rps);
  log(`    bare same + framework        ${estimate.toFixed(0)} req/s = ${((estimate / ceiling.best.rps) * 100).toFixed(1)} % of the ceiling (1 / (1/bare same + 1/ceiling))`);
}
