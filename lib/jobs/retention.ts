import "server-only";
import { getDb } from "@/lib/db/client";
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

// Deletes one batch of rows older than the cutoff, oldest first, through the time index;
// rows another instance is deleting are skipped rather than waited for.
type PurgedTable = "task_events" | "task_lookups" | "rejected_callbacks" | "rejected_callback_groups" | "dashboard_sessions";

async function purgeBatch(table: PurgedTable, cutoff: Date, batch: number): Promise<number> {
  const db = getDb();
  // A group of refusals goes once nothing has come in it for the rejections' age; a
  // session a day after it ended.
  if (table === "rejected_callback_groups") {
    return db.$executeRaw`
      DELETE FROM rejected_callback_groups WHERE id IN (
        SELECT id FROM rejected_callback_groups WHERE last_seen_at < ${cutoff} ORDER BY last_seen_at LIMIT ${batch} FOR UPDATE SKIP LOCKED)`;
  }
  if (table === "dashboard_sessions") {
    return db.$executeRaw`
      DELETE FROM dashboard_sessions WHERE id IN (
        SELECT id FROM dashboard_sessions WHERE expires_at < ${cutoff} ORDER BY expires_at LIMIT ${batch} FOR UPDATE SKIP LOCKED)`;
  }
  if (table === "task_lookups") {
    return db.$executeRaw`
      DELETE FROM task_lookups WHERE id IN (
        SELECT id FROM task_lookups WHERE at < ${cutoff} ORDER BY at LIMIT ${batch} FOR UPDATE SKIP LOCKED)`;
  }
  if (table === "task_events") {
    return db.$executeRaw`
      DELETE FROM task_events WHERE id IN (
        SELECT id FROM task_events WHERE received_at < ${cutoff} ORDER BY received_at LIMIT ${batch} FOR UPDATE SKIP LOCKED)`;
  }
  // A rejected request is kept while it keeps coming: the age is its last delivery's.
  return db.$executeRaw`
    DELETE FROM rejected_callbacks WHERE id IN (
      SELECT id FROM rejected_callbacks WHERE last_received_at < ${cutoff} ORDER BY last_received_at LIMIT ${batch} FOR UPDATE SKIP LOCKED)`;
}

async function purgeTable(table: PurgedTable, days: number, batch: number, now: Date): Promise<number> {
  if (days === 0) return 0;
  const cutoff = new Date(now.getTime() - days * DAY_MS);
  let total = 0;
  for (let round = 0; round < MAX_BATCHES_PER_RUN; round++) {
    const deleted = await purgeBatch(table, cutoff, batch);
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
