import { describeDatabaseTarget, resolveDatabaseTarget } from "./db/target";
import { EnvError, getEnv } from "./env";
import { migrateDatabase } from "./db/migrate";

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
  const { countProcessErrors } = await import("./process-errors");
  countProcessErrors();
  if (!env.FMGR_CALLBACK_URL) {
    logger.warn(
      "FMGR_CALLBACK_URL is not set: callback signatures are checked against the URL each request arrived at, as Host and X-Forwarded-* describe it. Set it to the notifyURL registered with the vendor, so only that URL counts",
    );
  }
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
  // Loads the session secret and the accounts now, so that a first start prints the
  // admin password before anyone needs it and a bad database shows at once.
  const { getAuthState } = await import("./auth/auth-state");
  const auth = await getAuthState();
  logger.info(
    { users: auth.accounts.size, sessionSecret: env.SESSION_SECRET ? "configured" : "generated" },
    env.DASHBOARD_USERS.size > 0 ? "Dashboard users come from DASHBOARD_USERS" : "Dashboard users: the first-start account (DASHBOARD_USERS is empty)",
  );
  const [{ startProjector, stopProjector }, { startReconciler, releaseReconcilerClaims }, { startAlertDispatcher }, { startRetention }, { stopPeriodicWorkers }, { closeDatabase }, { markReady, onShutdown, setShutdownGrace }] =
    await Promise.all([
      import("./tasks/projection/projector"),
      import("./jobs/reconciler"),
      import("./jobs/alert-dispatcher"),
      import("./jobs/retention"),
      import("./jobs/periodic-worker"),
      import("./db/client"),
      import("./lifecycle"),
    ]);
  startProjector();
  startReconciler();
  startAlertDispatcher();
  startRetention();
  // What a SIGTERM does once the requests in flight are answered (scripts/serve.mjs):
  // the projector finishes its batch (what is left waits in the log for any instance),
  // the workers stop, the reconciler's unfinished claims go back to the database for
  // another instance, and the pool closes.
  setShutdownGrace(env.SHUTDOWN_GRACE_MS);
  onShutdown("projector", stopProjector);
  onShutdown("workers", stopPeriodicWorkers);
  onShutdown("claims", async () => {
    const released = await releaseReconcilerClaims();
    if (released > 0) logger.info({ released }, "handed back reconcile claims");
  });
  onShutdown("database", closeDatabase);
  markReady();
  logger.info("Ready");
}
