import { applyMigrations, withMigrationLock } from "@/prisma/migration-runner";
import { createAdapterFactory, type DatabaseTarget } from "./target";

// Brings the target's schema up to the committed migrations; returns what it applied.
export async function migrateDatabase(target: DatabaseTarget, migrationsDir?: string): Promise<string[]> {
  const apply = () => applyMigrations({ adapterFactory: createAdapterFactory(target), migrationsDir });
  // PGlite lives inside this one process, so there is nobody to race with.
  if (target.kind === "embedded") return apply();
  return withMigrationLock(target.url, apply);
}
