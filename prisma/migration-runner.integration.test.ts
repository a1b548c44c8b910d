import { createHash } from "node:crypto";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { embeddedAdapterFactory } from "@/lib/db/target";
import { afterEach, describe, expect, it } from "vitest";
import { createTestDatabase, queryDatabase, type TestDatabase } from "@/scripts/test-support/test-database";
import { migrateDatabase } from "@/lib/db/migrate";
import { diffMigrationsToSchema, MIGRATIONS_DIR, withoutIndexRebuilds } from "./migration-runner";

const databases: TestDatabase[] = [];
const tempDirs: string[] = [];

afterEach(async () => {
  await Promise.all(databases.splice(0).map((db) => db.drop()));
  await Promise.all(tempDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function newDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase("migrate");
  databases.push(db);
  return db;
}

async function committedMigrationNames(): Promise<string[]> {
  const entries = await readdir(MIGRATIONS_DIR, { withFileTypes: true });
  return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
}

async function recordedMigrations(url: string) {
  return queryDatabase<{ migration_name: string; checksum: string; finished_at: Date | null }>(
    url,
    "SELECT migration_name, checksum, finished_at FROM _prisma_migrations ORDER BY migration_name",
  );
}

// A copy of the committed migrations plus one more, to play "a later release".
async function migrationsWithExtraStep(extraSql = 'CREATE TABLE "extra_step" ("id" INTEGER NOT NULL PRIMARY KEY);\n'): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "fmgr-migrations-"));
  tempDirs.push(dir);
  await cp(MIGRATIONS_DIR, dir, { recursive: true });
  await mkdir(path.join(dir, "29991231000000_extra"));
  await writeFile(path.join(dir, "29991231000000_extra", "migration.sql"), extraSql);
  return dir;
}

describe("applying migrations to Postgres", () => {
  it("migrates an empty database and records each migration as prisma migrate deploy would", async () => {
    const db = await newDatabase();
    const names = await committedMigrationNames();

    const applied = await migrateDatabase({ kind: "postgres", url: db.url });

    expect(applied).toEqual(names);
    const tables = await queryDatabase<{ table_name: string }>(
      db.url,
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    );
    expect(tables.map((row) => row.table_name)).toEqual(
      expect.arrayContaining(["tasks", "task_items", "task_events", "rejected_callbacks", "_prisma_migrations"]),
    );
    const recorded = await recordedMigrations(db.url);
    expect(recorded.map((row) => row.migration_name)).toEqual(names);
    for (const row of recorded) {
      const sql = await readFile(path.join(MIGRATIONS_DIR, row.migration_name, "migration.sql"));
      expect(row.checksum).toBe(createHash("sha256").update(sql).digest("hex"));
      expect(row.finished_at).not.toBeNull();
    }
  });

  it("applies nothing the second time", async () => {
    const db = await newDatabase();
    await migrateDatabase({ kind: "postgres", url: db.url });

    expect(await migrateDatabase({ kind: "postgres", url: db.url })).toEqual([]);
    expect(await recordedMigrations(db.url)).toHaveLength((await committedMigrationNames()).length);
  });

  it("applies only what is missing on a partly migrated database", async () => {
    const db = await newDatabase();
    await migrateDatabase({ kind: "postgres", url: db.url });
    const later = await migrationsWithExtraStep();

    const applied = await migrateDatabase({ kind: "postgres", url: db.url }, later);

    expect(applied).toEqual(["29991231000000_extra"]);
    const extra = await queryDatabase(db.url, "SELECT to_regclass('public.extra_step') AS name");
    expect(extra[0]).toEqual({ name: "extra_step" });
  });

  it("lets several processes start at once: each migration is applied exactly once", async () => {
    const db = await newDatabase();
    const runs = await Promise.all(
      Array.from({ length: 4 }, () => migrateDatabase({ kind: "postgres", url: db.url })),
    );

    expect(runs.flat().sort()).toEqual(await committedMigrationNames());
    expect(await recordedMigrations(db.url)).toHaveLength((await committedMigrationNames()).length);
  });

  // The engine's own lock gives up after 10 s; a second instance starting during a long
  // migration (an index on millions of rows) must wait for it, not crash.
  it("makes a second process wait out a migration longer than the engine's lock timeout", async () => {
    const db = await newDatabase();
    const slow = await migrationsWithExtraStep("SELECT pg_sleep(11);\n");
    const first = migrateDatabase({ kind: "postgres", url: db.url }, slow);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const second = migrateDatabase({ kind: "postgres", url: db.url }, slow);

    const [applied, appliedBySecond] = await Promise.all([first, second]);

    expect(applied).toContain("29991231000000_extra");
    expect(appliedBySecond).toEqual([]);
  }, 40_000);
});

describe("the committed migrations", () => {
  it("match prisma/schema.prisma (run npm run db:diff -- <name> after a schema change)", async () => {
    const pending = await diffMigrationsToSchema({ adapterFactory: embeddedAdapterFactory() });
    expect(pending).toBe("");
  });

  it("apply to the embedded database too", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "fmgr-pglite-"));
    tempDirs.push(dir);
    const applied = await migrateDatabase({ kind: "embedded", dataDir: dir });
    expect(applied).toEqual(await committedMigrationNames());
  });
});

describe("withoutIndexRebuilds", () => {
  const committed = 'CREATE INDEX "a_idx" ON "t"("c" text_pattern_ops);';

  it("drops a drop-and-recreate pair of an index the migrations already made", () => {
    const sql = `-- DropIndex\nDROP INDEX "a_idx";\n\n-- CreateIndex\n${committed}\n`;
    expect(withoutIndexRebuilds(sql, committed)).toBe("");
  });

  it("keeps a real change to that index and everything else", () => {
    const changed = 'CREATE INDEX "a_idx" ON "t"("c", "d");';
    const sql = `-- DropIndex\nDROP INDEX "a_idx";\n\n-- CreateIndex\n${changed}\n\n-- AlterTable\nALTER TABLE "t" ADD COLUMN "e" INTEGER;\n`;
    expect(withoutIndexRebuilds(sql, committed)).toBe(sql);
  });
});
