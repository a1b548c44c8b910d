import "server-only";
import { databasePool, getDb, logConnectionError } from "@/lib/db/client";
import pg from "pg";
import { isConnectionLost } from "@/lib/db/connection-loss";
import { pgRunner, runTransaction, transactionOnPool, type SqlRunner } from "@/lib/db/sql-runner";
import { logger } from "@/lib/logger";
import { getMetrics } from "@/lib/metrics";

// Raw SQL on the hot write path: a callback's append (one statement) and the projector's
// batches (one transaction each). On Postgres it runs on the app's pg pool directly: Prisma's interactive transaction costs several
// times more CPU per statement (docs/decisions/003-raw-pg-on-the-write-path.md). On the
// embedded database, which has no pool, it is Prisma's transaction.

// A lookup waits for its task's lock while the projector applies a batch to it; the waits
// are generous because the alternative is an error for a person (the pool's transactions
// end a statement past 30 s: sql-runner.ts).
const PRISMA_TRANSACTION = { maxWait: 15_000, timeout: 30_000 };

export type Attempt = { isRetry: boolean };

// Runs `work` in one transaction. When the connection dies under it (before or during
// COMMIT), it is run once more on a fresh connection, so `work` must be safe to repeat
// even if the first COMMIT landed.
export async function inTransaction<T>(work: (tx: SqlRunner, attempt: Attempt) => Promise<T>): Promise<T> {
  const pool = databasePool();
  if (!pool) {
    return getDb().$transaction(
      (tx) => work({ query: (sql) => tx.$queryRaw(sql), execute: (sql) => tx.$executeRaw(sql) }, { isRetry: false }),
      PRISMA_TRANSACTION,
    );
  }
  return onceMoreIfConnectionLost(
    "transaction",
    () => transactionOnPool(pool, (tx) => work(tx, { isRetry: false })),
    () => onFreshClient(pool, (client) => runTransaction(client, (tx) => work(tx, { isRetry: true }))),
  );
}

// One statement in autocommit on the pool: durable the moment it returns, in one round
// trip (a callback's append). Retried like inTransaction, so `work` must be safe to repeat.
export async function inStatement<T>(work: (db: SqlRunner, attempt: Attempt) => Promise<T>): Promise<T> {
  const pool = databasePool();
  if (!pool) return work({ query: (sql) => getDb().$queryRaw(sql), execute: (sql) => getDb().$executeRaw(sql) }, { isRetry: false });
  return onceMoreIfConnectionLost(
    "statement",
    () => work(pgRunner(pool), { isRetry: false }),
    () => onFreshClient(pool, (client) => work(pgRunner(client), { isRetry: true })),
  );
}

async function onceMoreIfConnectionLost<T>(kind: string, first: () => Promise<T>, again: () => Promise<T>): Promise<T> {
  try {
    return await first();
  } catch (error) {
    if (!isConnectionLost(error)) throw error;
    getMetrics().databaseRetries.inc({ kind });
    logger.warn({ reason: error instanceof Error ? error.message : String(error) }, `a ${kind} lost its database connection; trying once more on a fresh one`);
    return again();
  }
}

// The retry does not take a pooled client: after a failover every idle one in the pool
// may be dead without pg having noticed yet. A new connection is certain to be fresh.
async function onFreshClient<T>(pool: pg.Pool, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(pool.options);
  client.on("error", (error) => logConnectionError(error, "a retry's database connection failed"));
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}
