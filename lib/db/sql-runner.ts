// Raw SQL over one connection, the same on the app's pg pool and on Prisma's transaction
// (the embedded database). Rows come back alike either way: int8 as bigint, timestamps
// as Date. No "server-only" here: the benchmark's bare server runs the ingest on it too.
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
