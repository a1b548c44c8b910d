import "server-only";
import pg from "pg";
import { databasePool, getDb } from "./client";
import type { Prisma } from "@/lib/generated/prisma/client";

// Raw SQL inside one transaction, for the hot write path (ingestSnapshot). On Postgres it
// runs on the app's pg pool directly: Prisma's interactive transaction costs several
// times more CPU per statement, and a callback runs five of them (BENCHMARKS.md). On the
// embedded database, which has no pool, it is Prisma's transaction. Rows come back the
// same either way: int8 as bigint, timestamps as Date.
export type SqlRunner = {
  query<Row>(sql: Prisma.Sql): Promise<Row[]>;
  execute(sql: Prisma.Sql): Promise<number>;
};

// Deliveries of one task queue on its row lock; the waits are generous because the
// alternative is a 503 and a vendor retry. A statement past 30 s ends the transaction.
const STATEMENT_TIMEOUT = "30s";
const PRISMA_TRANSACTION = { maxWait: 15_000, timeout: 30_000 };

const INT8_OID = 20;
const parseInt8 = (value: string) => BigInt(value);

const INT8_AS_BIGINT = {
  getTypeParser: ((oid: number, format?: "text" | "binary"): unknown =>
    oid === INT8_OID ? parseInt8 : (pg.types.getTypeParser(oid, format) as unknown)) as typeof pg.types.getTypeParser,
};

function pgRunner(client: pg.PoolClient): SqlRunner {
  const run = (sql: Prisma.Sql) => client.query({ text: sql.text, values: sql.values, types: INT8_AS_BIGINT });
  return {
    query: async <Row>(sql: Prisma.Sql) => (await run(sql)).rows as Row[],
    execute: async (sql) => (await run(sql)).rowCount ?? 0,
  };
}

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
