import "server-only";
import { getDb } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { getEnv } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { isDraining } from "@/lib/lifecycle";
import { getMetrics } from "@/lib/metrics";
import { processGlobal } from "@/lib/process-global";
import { startPeriodicWorker } from "@/lib/jobs/periodic-worker";
import { backoffDelay } from "@/lib/tasks/ingest/check-schedule";
import { lookUpTask } from "@/lib/tasks/vendor/look-up-task";

export type RoundSettings = { batch: number; staleAfterMs: number; maxBackoffMs: number; maxAgeMs: number; leaseMs: number };
export type RoundReport = { claimed: number; reconciled: number; failed: number; givenUp: number };

type Claimed = { id: bigint; persistent_id: string; check_attempts: number; given_up: boolean };

export const CLAIMED_COLUMNS = { id: true, persistent_id: true, check_attempts: true, given_up: true } as const satisfies Record<keyof Claimed, true>;

export function roundSettingsFromEnv(): RoundSettings {
  const env = getEnv();
  return {
    batch: env.RECONCILER_BATCH,
    staleAfterMs: env.RECONCILER_STALE_AFTER_MS,
    maxBackoffMs: env.RECONCILER_MAX_BACKOFF_MS,
    maxAgeMs: env.RECONCILER_MAX_AGE_MS,
    // Long enough for a lookup with its retries; a crashed instance's claims come back then.
    leaseMs: Math.max(5 * env.FMGR_LOOKUP_TIMEOUT_MS, 60_000),
  };
}

// Due tasks are claimed by pushing their next check past the lease, inside one statement
// that skips rows another instance holds: two instances never poll a task in one round,
// and no lock is held while the vendor is asked. Tasks past the maximum age are dropped.
export async function claimDueTasks(settings: RoundSettings, now = new Date()): Promise<Claimed[]> {
  return getDb().$queryRaw<Claimed[]>(claimDueTasksSql(settings, now));
}

export function claimDueTasksSql(settings: RoundSettings, now: Date): Prisma.Sql {
  const leaseUntil = new Date(now.getTime() + settings.leaseMs);
  const oldest = new Date(now.getTime() - settings.maxAgeMs);
  return Prisma.sql`
    WITH due AS (
      SELECT id FROM tasks WHERE next_check_at <= ${now}::timestamptz
      ORDER BY next_check_at LIMIT ${settings.batch}
      FOR UPDATE SKIP LOCKED
    )
    UPDATE tasks t SET next_check_at = CASE WHEN t.first_seen_at < ${oldest}::timestamptz THEN NULL ELSE ${leaseUntil}::timestamptz END
    FROM due WHERE t.id = due.id
    RETURNING t.id, t.persistent_id, t.check_attempts, (t.first_seen_at < ${oldest}::timestamptz) AS given_up`;
}

async function postpone(task: Claimed, settings: RoundSettings, now: Date): Promise<void> {
  const attempts = task.check_attempts + 1;
  const next = new Date(now.getTime() + backoffDelay(attempts, settings));
  await getDb().$executeRaw`UPDATE tasks SET next_check_at = ${next}, check_attempts = ${attempts} WHERE id = ${task.id} AND next_check_at IS NOT NULL`;
}

// Claims this process holds and has not finished; a shutdown hands them back at once
// instead of leaving them to their lease.
const heldClaims = () => processGlobal("reconcilerClaims", () => new Set<bigint>());

async function reconcileOne(task: Claimed, settings: RoundSettings): Promise<boolean> {
  try {
    await lookUpTask(task.persistent_id, "reconcile");
    heldClaims().delete(task.id);
    return true;
  } catch (error) {
    if (isDraining()) return false;
    heldClaims().delete(task.id);
    logger.warn({ persistentId: task.persistent_id, code: isAppError(error) ? error.code : "internal", err: isAppError(error) ? undefined : error }, "reconcile lookup failed");
    await postpone(task, settings, new Date()).catch((postponeError: unknown) => logger.error({ err: postponeError }, "could not postpone a reconcile"));
    return false;
  }
}

export async function runReconcileRound(settings: RoundSettings = roundSettingsFromEnv(), now = new Date()): Promise<RoundReport> {
  const claimed = await claimDueTasks(settings, now);
  const active = claimed.filter((task) => !task.given_up);
  for (const task of active) heldClaims().add(task.id);
  const results = await Promise.all(active.map((task) => reconcileOne(task, settings)));
  const reconciled = results.filter(Boolean).length;
  const report = { claimed: claimed.length, reconciled, failed: active.length - reconciled, givenUp: claimed.length - active.length };
  const { reconcilerChecks } = getMetrics();
  reconcilerChecks.inc({ result: "reconciled" }, report.reconciled);
  reconcilerChecks.inc({ result: "failed" }, report.failed);
  reconcilerChecks.inc({ result: "given_up" }, report.givenUp);
  return report;
}

// Hands back the claims of a round that a shutdown cut short: due again now, so another
// instance's next round takes them.
export async function releaseReconcilerClaims(): Promise<number> {
  const ids = [...heldClaims()];
  heldClaims().clear();
  if (ids.length === 0) return 0;
  return getDb().$executeRaw`UPDATE tasks SET next_check_at = now() WHERE id = ANY(${ids}::bigint[]) AND next_check_at IS NOT NULL`;
}

// Runs inside the app process, every RECONCILER_INTERVAL_MS.
export function startReconciler(): void {
  const env = getEnv();
  if (!env.RECONCILER_ENABLED) return;
  if (!env.FMGR_MGR_DOMAIN) {
    logger.warn("Reconciler not started: FMGR_MGR_DOMAIN is not set, so there is no vendor to ask");
    return;
  }
  const started = startPeriodicWorker("reconciler", env.RECONCILER_INTERVAL_MS, async () => {
    try {
      const report = await runReconcileRound();
      getMetrics().reconcilerRounds.inc({ outcome: "ok" });
      if (report.claimed > 0) logger.info(report, "reconcile round");
    } catch (error) {
      getMetrics().reconcilerRounds.inc({ outcome: "error" });
      throw error;
    }
  });
  if (started) logger.info({ intervalMs: env.RECONCILER_INTERVAL_MS, staleAfterMs: env.RECONCILER_STALE_AFTER_MS }, "Reconciler started");
}
