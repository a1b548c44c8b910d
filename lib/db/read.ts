import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { databasePool, getDb, noteReadRetry } from "./client";
import { withOneRetry } from "./read-retry";
import { pgRunner } from "./sql-runner";

// The hot reads (the task list, its counts, a task's items and history) straight on the
// app's pg pool. Prisma's raw query costs about 1.1 ms per statement in this build, the
// pool 0.03 ms (BENCHMARKS.md, "the floor"), and the rows come back alike: int8 as
// bigint, timestamps as Date. Tried once more when the link dies under it, like every
// read; on the embedded database (no pool) it is Prisma's.
export function readRows<Row>(sql: Prisma.Sql): Promise<Row[]> {
  const pool = databasePool();
  if (!pool) return getDb().$queryRaw<Row[]>(sql);
  return withOneRetry(() => pgRunner(pool).query<Row>(sql), noteReadRetry);
}
