// Applies the committed migrations through the WebAssembly schema engine. It records
// them in `_prisma_migrations` exactly as `prisma migrate deploy` does, so either tool
// can take over a database the other has migrated.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type { MigrationList, SchemaEngine } from "@prisma/schema-engine-wasm";
import pg from "pg";
import { openSchemaEngine } from "./schema-engine";

export const MIGRATIONS_DIR = path.join(process.cwd(), "prisma", "migrations");
export const SCHEMA_PATH = path.join(process.cwd(), "prisma", "schema.prisma");

export const LOCKFILE_CONTENT = 'provider = "postgresql"\n';
const NO_FILTERS = { externalTables: [], externalEnums: [] };

export async function readMigrationList(migrationsDir: string = MIGRATIONS_DIR): Promise<MigrationList> {
  const entries = await readdir(/* turbopackIgnore: true */ migrationsDir, { withFileTypes: true }).catch(() => []);
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const migrationDirectories = await Promise.all(
    names.map(async (name) => {
      const content = await readFile(/* turbopackIgnore: true */ path.join(migrationsDir, name, "migration.sql"), "utf8")
        .then((value) => ({ tag: "ok" as const, value }))
        .catch((error: unknown) => ({ tag: "error" as const, value: String(error) }));
      return { path: name, migrationFile: { path: "migration.sql", content } };
    }),
  );
  const lockfilePath = path.join(migrationsDir, "migration_lock.toml");
  // The engine reads the provider from the lock file; this project only speaks Postgres.
  const lockfile = await readFile(/* turbopackIgnore: true */ lockfilePath, "utf8").catch(() => LOCKFILE_CONTENT);
  return {
    baseDir: migrationsDir,
    lockfile: { path: "migration_lock.toml", content: lockfile },
    shadowDbInitScript: "",
    migrationDirectories,
  };
}

// The driver adapters' executeScript does not run a migration as Postgres would: the pg
// adapter splits it on every ";" (breaking any function body), and the PGlite adapter
// does not wait for it (losing its errors). The native engine sends a migration as one
// script; so does this, through the adapter's own client and its own error mapping.
type ScriptClient = { query?: (sql: string) => Promise<unknown>; exec?: (sql: string) => Promise<unknown> };
type AdapterInternals = { client?: ScriptClient; onError?: (error: unknown) => never };

function runScriptsWhole<A extends { executeScript(script: string): Promise<void> }>(adapter: A): A {
  const { client, onError } = adapter as unknown as AdapterInternals;
  const run = client?.exec?.bind(client) ?? client?.query?.bind(client);
  if (!run || !onError) throw new Error("the database adapter does not expose its client; cannot run migrations as whole scripts");
  adapter.executeScript = async (script: string) => {
    try {
      await run(script);
    } catch (error) {
      onError.call(adapter, error);
    }
  };
  return adapter;
}

// The engine connects through the factory but never closes what it opened; left open,
// a pool outlives the run and later dies noisily. Every connection is closed afterwards.
async function withSchemaEngine<T>(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  schema: { path: string; content: string } | undefined,
  work: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const opened: { dispose(): Promise<void> }[] = [];
  const tracking: SqlMigrationAwareDriverAdapterFactory = {
    provider: adapterFactory.provider,
    adapterName: adapterFactory.adapterName,
    connect: async () => {
      const adapter = runScriptsWhole(await adapterFactory.connect());
      opened.push(adapter);
      return adapter;
    },
    connectToShadowDb: async () => {
      const adapter = runScriptsWhole(await adapterFactory.connectToShadowDb());
      opened.push(adapter);
      return adapter;
    },
  };
  const engine = await openSchemaEngine(tracking, schema);
  try {
    return await work(engine);
  } finally {
    engine.free();
    await Promise.all(opened.map((adapter) => adapter.dispose().catch(() => undefined)));
  }
}

export async function applyMigrations(options: {
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  migrationsDir?: string;
}): Promise<string[]> {
  const migrationsList = await readMigrationList(options.migrationsDir);
  return withSchemaEngine(options.adapterFactory, undefined, async (engine) => {
    const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: NO_FILTERS });
    return appliedMigrationNames;
  });
}

// The SQL that takes the committed migrations to the schema in schema.prisma; empty
// when they agree. Postgres needs a shadow database for this, made by the adapter.
export async function diffMigrationsToSchema(options: {
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  migrationsDir?: string;
  schemaPath?: string;
}): Promise<string> {
  const schemaPath = options.schemaPath ?? SCHEMA_PATH;
  const schema = { path: schemaPath, content: await readFile(/* turbopackIgnore: true */ schemaPath, "utf8") };
  const migrationsList = await readMigrationList(options.migrationsDir);
  return withSchemaEngine(options.adapterFactory, schema, async (engine) => {
    const result = await engine.diff({
      from: { tag: "migrations", ...migrationsList },
      to: { tag: "schemaDatamodel", files: [schema] },
      script: true,
      exitCode: null,
      filters: NO_FILTERS,
    });
    const committedSql = migrationsList.migrationDirectories
      .map(({ migrationFile }) => (migrationFile.content.tag === "ok" ? migrationFile.content.value : ""))
      .join("\n");
    return withoutIndexRebuilds(result.stdout ?? "", committedSql);
  });
}

// The engine cannot read operator classes back from Postgres (our prefix indexes use
// varchar_pattern_ops / text_pattern_ops), so every diff would drop and recreate them.
// Remove such a pair when the CREATE is word for word one the migrations already made.
export function withoutIndexRebuilds(sql: string, committedSql: string): string {
  const blocks = sql.split(/\n\s*\n/).filter((block) => block.trim() !== "");
  const statementOf = (block: string) =>
    block
      .split("\n")
      .filter((line) => !line.trim().startsWith("--"))
      .join("\n")
      .trim();
  const rebuilt = new Set<string>();
  for (const block of blocks) {
    const create = /^CREATE (?:UNIQUE )?INDEX "([^"]+)"/.exec(statementOf(block));
    if (create?.[1] && committedSql.includes(statementOf(block))) rebuilt.add(create[1]);
  }
  const kept = blocks.filter((block) => {
    const statement = statementOf(block);
    const name = /^(?:DROP INDEX|CREATE (?:UNIQUE )?INDEX) "([^"]+)"/.exec(statement)?.[1];
    if (!name || !rebuilt.has(name)) return true;
    return !sql.includes(`DROP INDEX "${name}";`);
  });
  return kept.every((block) => statementOf(block) === "") ? "" : `${kept.join("\n\n").trimEnd()}\n`;
}

// Any number of processes may start at once against one Postgres. The engine takes an
// advisory lock of its own but gives up after 10 s, so a second instance starting during
// a long migration would crash; this outer lock makes it wait, then find nothing to do.
export const MIGRATION_LOCK_ID = 7_301_202_611;

export async function withMigrationLock<T>(connectionString: string, work: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_ID]);
    return await work();
  } finally {
    await client.end();
  }
}
