// npm run db:migrate: applies prisma/migrations to DATABASE_URL, or to the embedded
// database in DATA_DIR when it is unset (stop the app first: PGlite is single-process).
import { describeDatabaseTarget, resolveDatabaseTarget } from "../lib/db/target";
import { getEnv } from "../lib/env";
import { migrateDatabase } from "../lib/db/migrate";

async function main(): Promise<void> {
  const target = resolveDatabaseTarget(getEnv());
  console.log(`Migrating ${describeDatabaseTarget(target)}`);
  const applied = await migrateDatabase(target);
  console.log(applied.length === 0 ? "Nothing to apply." : `Applied: ${applied.join(", ")}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
