import "server-only";
import { databasePoolUsage, getDb } from "@/lib/db/client";
import { withinDeadline } from "@/lib/deadline";
import { logger } from "@/lib/logger";
import { getMetrics } from "@/lib/metrics";
import { countTasksByState } from "@/lib/tasks/queries/state-counts";

const SCRAPE_QUERY_TIMEOUT_MS = 2_000;

// The gauges that describe the database's contents, read at each scrape. A database that
// is down or slow still gets a scrape, with fmgr_database_up 0 and the last values.
async function refreshDatabaseGauges(): Promise<void> {
  const metrics = getMetrics();
  const pool = databasePoolUsage();
  if (pool) for (const [state, value] of Object.entries(pool)) metrics.databasePool.set({ state }, value);
  try {
    const db = getDb();
    const [counts, [backlog], [alerts], [pending]] = await withinDeadline(
      Promise.all([
        countTasksByState(),
        db.$queryRaw<{ count: bigint }[]>`SELECT count(*) AS count FROM (SELECT 1 FROM tasks WHERE next_check_at <= now() LIMIT 100000) AS due`,
        db.$queryRaw<{ count: bigint }[]>`SELECT count(*) AS count FROM task_alerts WHERE sent_at IS NULL AND gave_up_at IS NULL`,
        db.$queryRaw<{ count: bigint }[]>`SELECT count(*) AS count FROM (SELECT 1 FROM task_events WHERE applied_seq IS NULL LIMIT 100000) AS pending`,
      ]),
      SCRAPE_QUERY_TIMEOUT_MS,
    );
    for (const [state, count] of Object.entries(counts)) metrics.tasks.set({ state }, count);
    metrics.reconcilerBacklog.set(Number(backlog?.count ?? 0));
    metrics.alertsPending.set(Number(alerts?.count ?? 0));
    metrics.projectionBacklog.set(Number(pending?.count ?? 0));
    metrics.databaseUp.set(1);
  } catch (error) {
    metrics.databaseUp.set(0);
    logger.warn({ err: error }, "metrics: the database gauges could not be read");
  }
}

export async function renderMetrics(): Promise<{ body: string; contentType: string }> {
  await refreshDatabaseGauges();
  const { registry } = getMetrics();
  return { body: await registry.metrics(), contentType: registry.contentType };
}
