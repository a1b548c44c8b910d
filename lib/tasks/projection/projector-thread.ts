// The projector's own thread (docs/decisions/005-event-log-first.md). The fold and the
// serialization of a batch's statements are synchronous work: on the app's thread they
// held up the callbacks being answered beside them. Here they run on another core, on a
// small pool of their own, while the app's thread only appends. The app starts this file
// as a worker (projector.ts), bundled at build time to .next/fmgr/projector-thread.mjs
// (scripts/build-projector-thread.mjs), and wakes it when it appends.
import { parentPort, type MessagePort } from "node:worker_threads";
import pg from "pg";
import { postgresPoolConfig } from "@/lib/db/pool-config";
import { transactionOnPool } from "@/lib/db/sql-runner";
import { getEnv } from "@/lib/env";
import { logger } from "@/lib/logger";
import { ingestSettingsFrom } from "@/lib/tasks/ingest/ingest-settings";
import { claimAndApplyPending } from "./apply-pending";
import { createProjectionLoop } from "./projection-loop";
import { EVENTS_PER_BATCH } from "./task-rows";
import type { FromProjectorThread, ToProjectorThread } from "./thread-messages";

function appPort(): MessagePort {
  if (!parentPort) throw new Error("projector-thread runs as a worker thread of the app");
  return parentPort;
}

const port = appPort();
const env = getEnv();
if (!env.DATABASE_URL) throw new Error("the projector's thread needs Postgres (DATABASE_URL)");

// One batch at a time needs one connection; the second covers a batch's connection that
// died while the pool has not yet noticed.
const pool = new pg.Pool(postgresPoolConfig(env.DATABASE_URL, { max: 2, idleMs: env.DATABASE_POOL_IDLE_MS, name: "fmgr-projector" }));
pool.on("error", (error) => logger.warn({ reason: error.message }, "an idle projector connection failed; the pool will open a new one"));
const settings = ingestSettingsFrom(env);

// A batch that fails (its connection died, the database is away) rolls back whole and
// the loop tries again: no event is marked applied unless its writes committed with it.
// Its commit does not wait for the disk: what it writes is derived from events that are
// already durable, and a batch lost in a crash leaves them pending, to be applied again.
async function runBatch(): Promise<number> {
  const started = performance.now();
  const batch = await transactionOnPool(pool, (tx) => claimAndApplyPending(tx, settings), { waitForDisk: false });
  if (batch.events > 0) {
    const message: FromProjectorThread = { kind: "batch", events: batch.events, seconds: (performance.now() - started) / 1000, firstItems: batch.firstItems };
    port.postMessage(message);
  }
  return batch.events;
}

const loop = createProjectionLoop(
  runBatch,
  (applied) => applied >= EVENTS_PER_BATCH,
  (error) => logger.error({ err: error }, "a projection batch failed; it will be tried again"),
);

async function stop(): Promise<void> {
  await loop.stop();
  await pool.end().catch(() => undefined);
  // In a worker, this ends the thread, not the process.
  process.exit(0);
}

port.on("message", (message: ToProjectorThread) => {
  if (message.kind === "wake") loop.wake();
  else void stop();
});
loop.start();
