import { describeDatabaseTarget, resolveDatabaseTarget } from "./database-target";
import { EnvError, getEnv } from "./env";
import { migrateDatabase } from "./migrate-database";

// Runs once when the server starts, before it takes requests: configuration is checked,
// and the database (embedded or not) is brought up to the committed migrations.
export async function startApp(): Promise<void> {
  let env;
  try {
    env = getEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      // The logger itself is configured from the environment, so this goes to stderr.
      console.error(`fmgr-monitor cannot start. ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const { logger } = await import("./logger");
  if (env.FMGR_CALLBACK_KEYS.size === 0) {
    logger.warn("FMGR_CALLBACK_KEYS is not set: every callback will be rejected as unknown_key until it is");
  }
  const target = resolveDatabaseTarget(env);
  logger.info({ database: target.kind }, `Using ${describeDatabaseTarget(target)}`);
  try {
    const applied = await migrateDatabase(target);
    logger.info({ applied }, applied.length ? `Applied ${applied.length} migration(s)` : "Database schema is up to date");
  } catch (error) {
    logger.fatal({ err: error }, "Could not migrate the database; stopping");
    process.exit(1);
  }
  const { startReconciler } = await import("./tasks/reconciler");
  startReconciler();
}
