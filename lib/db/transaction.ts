import "server-only";
import { databasePool, getDb, logConnectionError } from "@/lib/db/client";
import pg from "pg";
import { isConnectionLost } from "@/lib/db/connection-loss";
import { pgRunner, type SqlRunner } from "@/lib/db/sql-runner";
import { logger } from "@/lib/logger";
import { getMetrics } from "@/lib/metrics";

// Raw SQL inside one transaction, for the hot write path (ingestSnapshot). On Postgres it
// runs on the app's pg pool directly: Prisma's interactive transaction costs several
// times more CPU per statement (docs/decisions/003-raw-pg-on-the-write-path.md). On the
// embedded database, which has no pool, it is Prisma's transaction.

// Deliveries of one task queue on its row lock; the waits are generous because the
// alternative is a 503 and a vendor retry. A statement past 30 s ends the transaction.
const STATEMENT_TIMEOUT = "30s";
const PRISMA_TRANSACTION = { maxWait: 15_000, timeout: 30_000 };

export type Attempt = { isRetry: boolean };

// Runs `work` in one transaction. When the connection dies under it (before or during
// COMMIT), it is run once more on a fresh connection, so `work` must be safe to repeat
// even if the first COMMIT landed: the ingest keys its event before the first try.
export async function inTransaction<T>(work: (tx: SqlRunner, attempt: Attempt) => Promise<T>): Promise<T> {
  const pool = databasePool();
  if (!pool) {
    return getDb().$transaction(
      (tx) => work({ query: (sql) => tx.$queryRaw(sql), execute: (sql) => tx.$executeRaw(sql) }, { isRetry: false }),
      PRISMA_TRANSACTION,
    );
  }
  try {
    return await transactionOnPool(pool, work, { isRetry: false });
  } catch (error) {
    if (!isConnectionLost(error)) throw error;
    getMetrics().databaseRetries.inc({ kind: "transaction" });
    logger.warn({ reason: error instanceof Error ? error.message : String(error) }, "a transaction lost its database connection; trying once more on a fresh one");
    return transactionOnFreshClient(pool, work);
  }
}

// The retry does not take a pooled client: after a failover every idle one in the pool
// may be dead without pg having noticed yet. A new connection is certain to be fresh.
async function transactionOnFreshClient<T>(pool: pg.Pool, work: (tx: SqlRunner, attempt: Attempt) => Promise<T>): Promise<T> {
  const client = new pg.Client(pool.options);
  client.on("error", (error) => logConnectionError(error, "a retry's database connection failed"));
  await client.connect();
  try {
    return await runTransaction(client, work, { isRetry: true });
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function transactionOnPool<T>(pool: pg.Pool, work: (tx: SqlRunner, attempt: Attempt) => Promise<T>, attempt: Attempt): Promise<T> {
  const client = await pool.connect();
  try {
    const result = await runTransaction(client, work, attempt);
    client.release();
    return result;
  } catch (error) {
    // A connection that failed mid-transaction is not trusted again.
    client.release(error instanceof Error ? error : true);
    throw error;
  }
}

async function runTransaction<T>(client: pg.ClientBase, work: (tx: SqlRunner, attempt: Attempt) => Promise<T>, attempt: Attempt): Promise<T> {
  try {
    // One round trip: BEGIN and the timeout travel as one simple-protocol script.
    await client.query(`BEGIN; SET LOCAL statement_timeout = '${STATEMENT_TIMEOUT}'`);
    const result = await work(pgRunner(client), attempt);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
}
