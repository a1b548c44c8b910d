// How a pg pool to the app's Postgres is set up: the app's pool, Prisma's adapter and the
// projector's thread (lib/tasks/projection/projector-thread.ts) all open theirs alike.
// Nothing here loads a driver, so the projector's thread imports it cheaply.
import type pg from "pg";

// name: how the connections show in pg_stat_activity, so an operator tells them apart.
export type PoolSettings = { max: number; idleMs: number; name?: string };

export function postgresPoolConfig(url: string, settings: PoolSettings = { max: 10, idleMs: 10_000 }): pg.PoolConfig {
  return {
    connectionString: url,
    max: settings.max,
    // A database that does not answer must fail requests, not hang them.
    connectionTimeoutMillis: 5_000,
    // Closed by us before a pooler or NAT gateway drops it (DATABASE_POOL_IDLE_MS).
    idleTimeoutMillis: settings.idleMs,
    // A link that died silently (no FIN: a failover, a dropped NAT entry) is found out.
    keepAlive: true,
    application_name: settings.name ?? "fmgr-monitor",
  };
}
