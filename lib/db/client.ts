import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { createAdapterFactory, postgresPoolConfig, resolveDatabaseTarget } from "./target";
import { getEnv } from "../env";
import { PrismaClient } from "../generated/prisma/client";
import { logger } from "../logger";

// One client per process. Next.js may evaluate this module once per route bundle and
// again on every hot reload, so the instance lives on globalThis; creating it lazily
// keeps `next build` from opening a database. The pg pool is ours (not the adapter's) so
// that /metrics can report how busy it is.
const holder = globalThis as unknown as { fmgrPrisma?: PrismaClient; fmgrPool?: pg.Pool };

export function getDb(): PrismaClient {
  if (!holder.fmgrPrisma) {
    const target = resolveDatabaseTarget(getEnv());
    if (target.kind === "postgres") {
      holder.fmgrPool = new pg.Pool(postgresPoolConfig(target.url));
      // An idle connection dropped by the server (a restart, a failover) is reported
      // here; unheard, pg would throw it and end the process.
      // Only the message and code: pg attaches the client, with its connection
      // parameters (the password among them), to the error object.
      holder.fmgrPool.on("error", (error: Error & { code?: string }) =>
        logger.warn({ code: error.code, reason: error.message }, "an idle database connection failed; the pool will open a new one"),
      );
    }
    const adapter = holder.fmgrPool ? new PrismaPg(holder.fmgrPool) : createAdapterFactory(target);
    holder.fmgrPrisma = new PrismaClient({ adapter });
  }
  return holder.fmgrPrisma;
}

// The app's own pg pool (Postgres only; undefined on the embedded database). Made with
// the Prisma client, so the two always point at the same database.
export function databasePool(): pg.Pool | undefined {
  getDb();
  return holder.fmgrPool;
}

// The pool's connections right now, or undefined on the embedded database (one
// in-process connection, nothing to report).
export function databasePoolUsage(): { total: number; idle: number; waiting: number; max: number } | undefined {
  const pool = holder.fmgrPool;
  if (!pool) return undefined;
  return { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: pool.options.max ?? 10 };
}
