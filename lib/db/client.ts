import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { createAdapterFactory, postgresPoolConfig, resolveDatabaseTarget } from "./target";
import { getEnv } from "@/lib/env";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/logger";
import { processGlobal } from "@/lib/process-global";

type Database = { prisma: PrismaClient; pool?: pg.Pool };

// One client per process (see process-global.ts); made lazily so that `next build` does
// not open a database. The pg pool is ours (not the adapter's) so that /metrics can
// report how busy it is, and the ingest can run raw SQL on it.
function database(): Database {
  return processGlobal("database", () => {
    const target = resolveDatabaseTarget(getEnv());
    if (target.kind !== "postgres") return { prisma: new PrismaClient({ adapter: createAdapterFactory(target) }) };
    const pool = new pg.Pool(postgresPoolConfig(target.url));
    // An idle connection dropped by the server (a restart, a failover) is reported
    // here; unheard, pg would throw it and end the process.
    // Only the message and code: pg attaches the client, with its connection
    // parameters (the password among them), to the error object.
    pool.on("error", (error: Error & { code?: string }) =>
      logger.warn({ code: error.code, reason: error.message }, "an idle database connection failed; the pool will open a new one"),
    );
    return { prisma: new PrismaClient({ adapter: new PrismaPg(pool) }), pool };
  });
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
