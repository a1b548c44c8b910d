// Raw SQL over one connection, the same on the app's pg pool and on Prisma's transaction
// (the embedded database). Rows come back alike either way: int8 as bigint, timestamps
// as Date. No "server-only" here: the projector's thread and the benchmark's bare server
// run on it too.
import pg from "pg";
import type { Prisma } from "@/lib/generated/prisma/client";

export type SqlRunner = {
  query<Row>(sql: Prisma.Sql): Promise<Row[]>;
  execute(sql: Prisma.Sql): Promise<number>;
};

const INT8_OID = 20;
const parseInt8 = (value: string) => BigInt(value);

const INT8_AS_BIGINT = {
  getTypeParser: ((oid: number, format?: "text" | "binary"): unknown =>
    oid === INT8_OID ? parseInt8 : (pg.types.getTypeParser(oid, format) as unknown)) as typeof pg.types.getTypeParser,
};

// On a client inside a transaction, or on the pool itself for a statement on its own.
export function pgRunner(client: pg.ClientBase | pg.Pool): SqlRunner {
  const run = (sql: Prisma.Sql) => client.query({ text: sql.text, values: sql.values, types: INT8_AS_BIGINT });
  return {
    query: async <Row>(sql: Prisma.Sql) => (await run(sql)).rows as Row[],
    execute: async (sql) => (await run(sql)).rowCount ?? 0,
  };
}

// A statement past this ends its transaction: a lookup waits for its task's lock while a
// projection batch holds it, but never without end.
const STATEMENT_TIMEOUT = "30s";

// waitForDisk: false lets COMMIT return before its WAL is flushed (synchronous_commit off),
// for work that is derived and done again if lost: a crash may then undo the last few
// such commits, each whole, never one half-way, and never one a later durable commit
// depends on (that commit flushes the WAL before it too).
export type TransactionOptions = { waitForDisk?: boolean };

// `work` in one transaction on this connection, rolled back if it throws.
export async function runTransaction<T>(client: pg.ClientBase, work: (tx: SqlRunner) => Promise<T>, { waitForDisk = true }: TransactionOptions = {}): Promise<T> {
  try {
    // One round trip: BEGIN and the settings travel as one simple-protocol script.
    await client.query(`BEGIN; SET LOCAL statement_timeout = '${STATEMENT_TIMEOUT}'${waitForDisk ? "" : "; SET LOCAL synchronous_commit = off"}`);
    const result = await work(pgRunner(client));
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
}

// `work` in one transaction on a connection of the pool.
export async function transactionOnPool<T>(pool: pg.Pool, work: (tx: SqlRunner) => Promise<T>, options?: TransactionOptions): Promise<T> {
  const client = await pool.connect();
  try {
    const result = await runTransaction(client, work, options);
    client.release();
    return result;
  } catch (error) {
    // A connection that failed mid-transaction is not trusted again.
    client.release(error instanceof Error ? error : true);
    throw error;
  }
}
