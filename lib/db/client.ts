import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { postgresPoolConfig } from "./pool-config";
import { createAdapterFactory, resolveDatabaseTarget } from "./target";
import { getEnv } from "@/lib/env";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/logger";
import { getMetrics } from "@/lib/metrics";
import { processGlobal } from "@/lib/process-global";
import { retryingReads } from "./read-retry";

type Database = { prisma: PrismaClient; pool?: pg.Pool };

// One client per process (see process-global.ts); made lazily so that `next build` does
// not open a database. The pg pool is ours (not the adapter's) so that /metrics can
// report how busy it is, and the ingest can run raw SQL on it.
function database(): Database {
  return processGlobal("database", () => {
    const env = getEnv();
    const target = resolveDatabaseTarget(env);
    if (target.kind !== "postgres") return { prisma: new PrismaClient({ adapter: createAdapterFactory(target) }) };
    const pool = new pg.Pool(postgresPoolConfig(target.url, { max: env.DATABASE_POOL_MAX, idleMs: env.DATABASE_POOL_IDLE_MS }));
    // An idle connection dropped by the server (a restart, a failover) is reported here.
    pool.on("error", (error) => logConnectionError(error, "an idle database connection failed; the pool will open a new one"));
    // A connection can also die while checked out, between the queries of a request; pg
    // then emits "error" on the client, and an unheard one ends the process. Every client
    // gets a listener for its whole life; the query under way fails and is retried.
    pool.on("connect", (client) => client.on("error", (error) => logConnectionError(error, "a database connection in use failed")));
    const adapter = retryingReads(new PrismaPg(pool), noteReadRetry);
    return { prisma: new PrismaClient({ adapter }), pool };
  });
}

// A read that lost its connection and is tried once more: counted and logged, whether it
// went through Prisma or straight to the pool (read.ts).
export function noteReadRetry(error: unknown): void {
  getMetrics().databaseRetries.inc({ kind: "read" });
  logConnectionError(error, "a read lost its database connection; trying once more on a fresh one");
}

// Only the message and code: pg attaches the client, with its connection parameters (the
// password among them), to the error object.
export function logConnectionError(error: unknown, message: string): void {
  const { code, message: reason } = (error ?? {}) as { code?: unknown; message?: unknown };
  logger.warn({ code, reason }, message);
}

export function getDb(): PrismaClient {
  return database().prisma;
}

// The app's own pg pool (Postgres only; undefined on the embedded database). Made with
// the Prisma client, so the two always point at the same database.
export function databasePool(): pg.Pool | undefined {
  return database().pool;
}

// The pool's connections right now, or undefined on the embedded database (one
// in-process connection, nothing to report).
export function databasePoolUsage(): { total: number; idle: number; waiting: number; max: number } | undefined {
  const { pool } = database();
  if (!pool) return undefined;
  return { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: pool.options.max ?? 10 };
}

// At shutdown, after the last request: the pool's connections are closed, not dropped.
export async function closeDatabase(): Promise<void> {
  const { prisma, pool } = database();
  await prisma.$disconnect();
  await pool?.end();
}
