import "server-only";
import { databasePool, getDb } from "@/lib/db/client";
import { pgRunner, type SqlRunner } from "@/lib/db/sql-runner";

// Raw SQL inside one transaction, for the hot write path (ingestSnapshot). On Postgres it
// runs on the app's pg pool directly: Prisma's interactive transaction costs several
// times more CPU per statement (docs/decisions/003-raw-pg-on-the-write-path.md). On the
// embedded database, which has no pool, it is Prisma's transaction.

// Deliveries of one task queue on its row lock; the waits are generous because the
// alternative is a 503 and a vendor retry. A statement past 30 s ends the transaction.
const STATEMENT_TIMEOUT = "30s";
const PRISMA_TRANSACTION = { maxWait: 15_000, timeout: 30_000 };

export async function inTransaction<T>(work: (tx: SqlRunner) => Promise<T>): Promise<T> {
  const pool = databasePool();
  if (!pool) {
    return getDb().$transaction(
      (tx) => work({ query: (sql) => tx.$queryRaw(sql), execute: (sql) => tx.$executeRaw(sql) }),
      PRISMA_TRANSACTION,
    );
  }
  const client = await pool.connect();
  try {
    // One round trip: BEGIN and the timeout travel as one simple-protocol script.
    await client.query(`BEGIN; SET LOCAL statement_timeout = '${STATEMENT_TIMEOUT}'`);
    const result = await work(pgRunner(client));
    await client.query("COMMIT");
    client.release();
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    // A connection that failed mid-transaction is not trusted again.
    client.release(error instanceof Error ? error : true);
    throw error;
  }
}
