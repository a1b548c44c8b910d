// Callback ingest under autocannon: the callback route of the production build, beside
// an empty route in the same build (the framework ceiling) and a plain node:http + pg
// server doing the same check and writes (the bare limit), with the same load tool and
// the same bodies. Each target gets its own fresh database.
import { spawn, type ChildProcess } from "node:child_process";
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
const ROOT = path.resolve(import.meta.dirname, "..");

type Target = { name: string; url: string; path: string; databaseUrl?: string; stop: () => Promise<void> };
type Load = { rps: number; errors: number; p50: number; p99: number; connections: number };

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
export async function steadyLoad(target: Target, options: { rate: number; seconds: number; run: string; ledger: Ledger }): Promise<Load> {
  const signedUrl = `${target.url}${target.path}`;
  const latencies: number[] = [];
  let errors = 0;
  const pending: Promise<void>[] = [];
  const started = performance.now();
  const total = Math.floor(options.rate * options.seconds);
  for (let sequence = 1; sequence <= total; sequence++) {
    const due = started + ((sequence - 1) * 1000) / options.rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const { id, body } = makeBody(options.run, sequence);
    options.ledger.sent.add(id);
    const authorization = signCallback({ accessKey: KEY.accessKey, secretKey: KEY.secretKey, url: signedUrl, body });
    const sent = performance.now();
    pending.push(
      fetch(signedUrl, { method: "POST", body, headers: { "content-type": "text/plain; charset=UTF-8", authorization } })
        .then(async (response) => {
          await response.arrayBuffer();
          latencies.push(performance.now() - sent);
          if (response.status === 200) options.ledger.answered.add(id);
          else errors += 1;
        })
        .catch(() => void (errors += 1)),
    );
  }
  await Promise.all(pending);
  const { p50, p99 } = summarize(latencies);
  return { rps: latencies.length / ((performance.now() - started) / 1000), errors, p50, p99, connections: 0 };
}

function drive(target: Target, options: { connections: number; seconds: number; run: string; ledger: Ledger }): Promise<Load> {
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

// Every body answered 200 must be stored exactly once; a stored body that was never
// answered can only be one still in flight when a run ended.
async function checkStored(databaseUrl: string, ledger: Ledger): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ persistent_id: string; events: string; deliveries: string }>(
      "SELECT t.persistent_id, count(e.id) AS events, coalesce(sum(e.deliveries), 0) AS deliveries FROM tasks t LEFT JOIN task_events e ON e.task_id = t.id GROUP BY t.persistent_id",
    );
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

async function startBare(databaseUrl: string): Promise<Target> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), path.join(ROOT, "bench/bare-server.ts"), String(port), databaseUrl, `${KEY.accessKey}:${KEY.secretKey}`, `${url}/ingest`],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  await new Promise<void>((resolve) => child.stdout?.once("data", () => resolve()));
  return { name: "bare node:http + pg", url, path: "/ingest", databaseUrl, stop: () => Promise.resolve(void child.kill("SIGTERM")) };
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
  const half = await steadyLoad(target, { rate: Math.max(1, Math.floor(best.rps / 2)), seconds, run: `${run}h`, ledger });
  log(`    ${target.name}: at half load (${Math.floor(best.rps / 2)} req/s, evenly spaced) p50 ${half.p50.toFixed(1)} ms, p99 ${half.p99.toFixed(1)} ms, ${half.errors} errors`);
  return { best, half, ledger };
}

export async function measureIngest({ seconds, log }: { seconds: number; log: (line: string) => void }): Promise<void> {
  const results: Record<string, { best: Load; half: Load }> = {};
  const databases = {
    callback: await recreateDatabase("fmgr_bench_ingest"),
    empty: await recreateDatabase("fmgr_bench_empty"),
    bare: await recreateDatabase("fmgr_bench_bare"),
  };
  for (const db of Object.values(databases)) await migrateDatabase({ kind: "postgres", url: db.url });

  const targets: (() => Promise<Target>)[] = [
    () => appTarget("empty route (framework ceiling)", databases.empty.url, "/api/bench/empty"),
    () => appTarget("callback route", databases.callback.url, "/api/fmgr/callback"),
    () => startBare(databases.bare.url),
  ];
  for (const start of targets) {
    const target = await start();
    try {
      const measured = await measureTarget(target, seconds, log);
      results[target.name] = measured;
      if (target.name !== "empty route (framework ceiling)" && target.databaseUrl) {
        log(`    ${target.name}: ${await checkStored(target.databaseUrl, measured.ledger)}`);
      }
    } finally {
      await target.stop();
    }
  }

  const callback = results["callback route"]!;
  const ceiling = results["empty route (framework ceiling)"]!;
  const bare = results["bare node:http + pg"]!;
  log("\n  summary");
  log(`    callback route     ${callback.best.rps.toFixed(0).padStart(6)} req/s  (half load: p50 ${callback.half.p50.toFixed(1)} ms, p99 ${callback.half.p99.toFixed(1)} ms)`);
  log(`    framework ceiling  ${ceiling.best.rps.toFixed(0).padStart(6)} req/s`);
  log(`    bare limit         ${bare.best.rps.toFixed(0).padStart(6)} req/s  (half load: p50 ${bare.half.p50.toFixed(1)} ms, p99 ${bare.half.p99.toFixed(1)} ms)`);
  log(`    callback / ceiling ${((callback.best.rps / ceiling.best.rps) * 100).toFixed(1)} %   (target ≥ 80 %)`);
  log(`    callback / bare    ${((callback.best.rps / bare.best.rps) * 100).toFixed(1)} %   (target ≥ 20 %)`);
  log(`    callback p99 at half load ${callback.half.p99.toFixed(1)} ms   (target < 100 ms)`);
}
