// npm run db:diff -- <name>: writes prisma/migrations/<timestamp>_<name>/migration.sql with
// the SQL that takes the committed migrations to prisma/schema.prisma. The engine replays
// the migrations in an in-memory PGlite, so no server is needed (and adapter-pg cannot
// read the catalog's "char" columns that the engine's introspection selects).
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { embeddedAdapterFactory } from "../lib/db/target";
import { diffMigrationsToSchema, LOCKFILE_CONTENT, MIGRATIONS_DIR } from "../prisma/migration-runner";

function migrationFolderName(name: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:T]/g, "").slice(0, 14);
  return `${stamp}_${name}`;
}

async function main(): Promise<void> {
  const name = process.argv[2] ?? "";
  if (!/^[a-z0-9_]+$/.test(name)) {
    console.error("usage: npm run db:diff -- <name>   (name: lowercase letters, digits, _)");
    process.exit(2);
  }
  const sql = await diffMigrationsToSchema({ adapterFactory: embeddedAdapterFactory() });
  if (sql === "") {
    console.log("The migrations already match prisma/schema.prisma; nothing written.");
    return;
  }
  const folder = path.join(MIGRATIONS_DIR, migrationFolderName(name));
  await mkdir(folder, { recursive: true });
  await writeFile(path.join(folder, "migration.sql"), sql);
  await writeFile(path.join(MIGRATIONS_DIR, "migration_lock.toml"), LOCKFILE_CONTENT);
  console.log(`Wrote ${path.relative(process.cwd(), folder)}/migration.sql`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
