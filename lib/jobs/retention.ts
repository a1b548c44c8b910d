import "server-only";
import { getDb } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { getEnv } from "@/lib/env";
import { logger } from "@/lib/logger";
import { getMetrics } from "@/lib/metrics";
import { startPeriodicWorker } from "@/lib/jobs/periodic-worker";

const DAY_MS = 24 * 60 * 60 * 1000;
// One run stops after this many batches per table and picks up on the next run, so a
// first purge of years of history does not hold the worker (or the database) for long.
const MAX_BATCHES_PER_RUN = 200;

export type RetentionSettings = { eventsDays: number; rejectedDays: number; batch: number };
export type RetentionReport = { events: number; rejectedCallbacks: number };

// Each purged table and the column its age is read from: an event or a lookup when it
// happened; a rejected request when it last came (it is kept while it keeps coming); a
// group of refusals once nothing has come in it; a session when it ended.
const AGE_COLUMN = {
  task_events: "received_at",
  task_lookups: "at",
  rejected_callbacks: "last_received_at",
  rejected_callback_groups: "last_seen_at",
  dashboard_sessions: "expires_at",
} as const;

type PurgedTable = keyof typeof AGE_COLUMN;

// Deletes one batch of rows older than the cutoff, oldest first, through the time index;
// rows another instance is deleting are skipped rather than waited for. Table and column
// come from AGE_COLUMN only, never from input.
function purgeBatch(table: PurgedTable, cutoff: Date, batch: number): Promise<number> {
  const [name, age] = [Prisma.raw(table), Prisma.raw(AGE_COLUMN[table])];
  return getDb().$executeRaw`
    DELETE FROM ${name} WHERE id IN (
      SELECT id FROM ${name} WHERE ${age} < ${cutoff} ORDER BY ${age} LIMIT ${batch} FOR UPDATE SKIP LOCKED)`;
}

// Events go only once applied (a pending one is the only record of its callback), and
// each task that loses some is marked: it can no longer be rebuilt from its history.
async function purgeEventBatch(cutoff: Date, batch: number, now: Date): Promise<number> {
  const [row] = await getDb().$queryRaw<{ count: bigint }[]>`
    WITH gone AS (
      DELETE FROM task_events WHERE id IN (
        SELECT id FROM task_events WHERE received_at < ${cutoff} AND applied_seq IS NOT NULL ORDER BY received_at LIMIT ${batch} FOR UPDATE SKIP LOCKED)
      RETURNING task_id
    ), marked AS (
      UPDATE tasks SET history_trimmed_at = ${now} WHERE id IN (SELECT task_id FROM gone) AND history_trimmed_at IS NULL RETURNING id
    )
    SELECT count(*) AS count FROM gone`;
  return Number(row?.count ?? 0);
}

async function purgeTable(table: PurgedTable, days: number, batch: number, now: Date): Promise<number> {
  if (days === 0) return 0;
  const cutoff = new Date(now.getTime() - days * DAY_MS);
  let total = 0;
  for (let round = 0; round < MAX_BATCHES_PER_RUN; round++) {
    const deleted = table === "task_events" ? await purgeEventBatch(cutoff, batch, now) : await purgeBatch(table, cutoff, batch);
    total += deleted;
    if (deleted < batch) break;
  }
  if (total > 0) getMetrics().retentionPurged.inc({ table }, total);
  return total;
}

// Events, lookup attempts and rejected callbacks past their age go; tasks and items stay, so every task
// keeps its current state and items after its history is gone.
export async function purgeExpired(settings: RetentionSettings, now = new Date()): Promise<RetentionReport> {
  const events = await purgeTable("task_events", settings.eventsDays, settings.batch, now);
  // Lookup attempts are history like events, and go at the same age.
  await purgeTable("task_lookups", settings.eventsDays, settings.batch, now);
  const rejectedCallbacks = await purgeTable("rejected_callbacks", settings.rejectedDays, settings.batch, now);
  await purgeTable("rejected_callback_groups", settings.rejectedDays, settings.batch, now);
  await purgeTable("dashboard_sessions", 1, settings.batch, now);
  return { events, rejectedCallbacks };
}

export function startRetention(): void {
  const env = getEnv();
  const settings = { eventsDays: env.RETENTION_EVENTS_DAYS, rejectedDays: env.RETENTION_REJECTED_DAYS, batch: env.RETENTION_BATCH };
  if (settings.eventsDays === 0 && settings.rejectedDays === 0) return;
  const started = startPeriodicWorker("retention", env.RETENTION_INTERVAL_MS, async () => {
    const report = await purgeExpired(settings);
    if (report.events + report.rejectedCallbacks > 0) logger.info(report, "retention purged old history");
  });
  if (started) logger.info({ ...settings, intervalMs: env.RETENTION_INTERVAL_MS }, "Retention started");
}
