// Which Postgres the app talks to: the one DATABASE_URL names, or an embedded PGlite
// kept in DATA_DIR. Shared by the app, the migration command and the tests.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { processGlobal } from "@/lib/process-global";
import { postgresPoolConfig } from "./pool-config";

export type DatabaseTarget =
  | { kind: "postgres"; url: string }
  | { kind: "embedded"; dataDir: string };

export function resolveDatabaseTarget(env: { DATABASE_URL?: string; DATA_DIR: string }): DatabaseTarget {
  if (env.DATABASE_URL) return { kind: "postgres", url: env.DATABASE_URL };
  return { kind: "embedded", dataDir: path.resolve(env.DATA_DIR, "pglite") };
}

export function describeDatabaseTarget(target: DatabaseTarget): string {
  if (target.kind === "embedded") return `embedded PGlite in ${target.dataDir}`;
  const url = new URL(target.url);
  return `Postgres at ${url.hostname}:${url.port || "5432"}${url.pathname}`;
}

// PGlite with the extensions the migrations create (pg_trgm for substring search); in
// memory without a folder.
export function newPGlite(dataDir?: string): PGlite {
  return new PGlite({ dataDir, extensions: { pg_trgm } });
}

// The PGlite adapter makes its shadow database (for a migration diff) without our
// extensions; this one makes it with them.
class PGliteAdapterFactory extends PrismaPGlite {
  override connectToShadowDb() {
    return new PrismaPGlite(newPGlite()).connect();
  }
}

export function embeddedAdapterFactory(db: PGlite = newPGlite()): SqlMigrationAwareDriverAdapterFactory {
  return new PGliteAdapterFactory(db);
}

// PGlite is one connection in one process; two instances on one folder would corrupt
// it, and Next.js may evaluate this module once per route bundle, hence globalThis.
export function openEmbeddedDatabase(dataDir: string): PGlite {
  return processGlobal(`embeddedDatabase:${dataDir}`, () => {
    mkdirSync(dataDir, { recursive: true });
    return newPGlite(dataDir);
  });
}

export function createAdapterFactory(target: DatabaseTarget): SqlMigrationAwareDriverAdapterFactory {
  if (target.kind === "embedded") return embeddedAdapterFactory(openEmbeddedDatabase(target.dataDir));
  return new PrismaPg(postgresPoolConfig(target.url));
}
