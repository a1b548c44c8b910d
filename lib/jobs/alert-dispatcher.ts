import "server-only";
import { getDb } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { getEnv } from "@/lib/env";
import { logger } from "@/lib/logger";
import { isDraining } from "@/lib/lifecycle";
import { getMetrics } from "@/lib/metrics";
import { startPeriodicWorker } from "@/lib/jobs/periodic-worker";
import type { TaskState } from "@/lib/tasks/task-state";
import type { AlertCondition } from "@/lib/tasks/ingest/alert-conditions";
import { alertMessage } from "./alert-message";

const BATCH = 20;
const SEND_TIMEOUT_MS = 5_000;
// A claimed alert is someone's for this long; an instance that dies mid-send hands it on.
const LEASE_MS = 60_000;
const MAX_ATTEMPTS = 12;

type DueAlert = {
  task_id: bigint;
  condition: AlertCondition;
  attempts: number;
  persistent_id: string;
  state: TaskState;
  item_count: number;
  failed_count: number;
  desc: string | null;
};

export const DUE_ALERT_COLUMNS = {
  task_id: true,
  condition: true,
  attempts: true,
  persistent_id: true,
  state: true,
  item_count: true,
  failed_count: true,
  desc: true,
} as const satisfies Record<keyof DueAlert, true>;

export type DeliveryReport = { sent: number; failed: number; gaveUp: number };

// 30 s, 1 min, 2 min, … up to an hour between tries.
function retryDelayMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

// Claims due alerts the way the reconciler claims tasks: one statement, skipping rows
// another instance holds, pushing their next attempt past a lease.
async function claimDueAlerts(now: Date): Promise<DueAlert[]> {
  return getDb().$queryRaw<DueAlert[]>(claimDueAlertsSql(now));
}

export function claimDueAlertsSql(now: Date): Prisma.Sql {
  const leaseUntil = new Date(now.getTime() + LEASE_MS);
  return Prisma.sql`
    WITH due AS (
      SELECT task_id, condition FROM task_alerts
      WHERE sent_at IS NULL AND gave_up_at IS NULL AND next_attempt_at <= ${now}::timestamptz
      ORDER BY next_attempt_at LIMIT ${BATCH}
      FOR UPDATE SKIP LOCKED
    )
    UPDATE task_alerts a SET next_attempt_at = ${leaseUntil}::timestamptz, attempts = a.attempts + 1
    FROM due, tasks t
    WHERE a.task_id = due.task_id AND a.condition = due.condition AND t.id = a.task_id
    RETURNING a.task_id, a.condition, a.attempts, t.persistent_id, t.state, t.item_count, t.failed_count, t."desc"`;
}

async function post(webhookUrl: string, body: unknown): Promise<void> {
  const response = await fetch(webhookUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    redirect: "error",
  });
  // The answer is not needed, but an unread body keeps the connection busy.
  await response.arrayBuffer().catch(() => undefined);
  if (!response.ok) throw new Error(`the webhook answered HTTP ${response.status}`);
}

async function deliver(alert: DueAlert, webhookUrl: string, publicUrl: string | undefined): Promise<"sent" | "failed" | "gave_up"> {
  const db = getDb();
  const taskUrl = publicUrl ? new URL(`/tasks/${encodeURIComponent(alert.persistent_id)}`, publicUrl).href : null;
  const message = alertMessage({
    condition: alert.condition,
    persistentId: alert.persistent_id,
    state: alert.state,
    itemCount: alert.item_count,
    failedCount: alert.failed_count,
    desc: alert.desc,
    taskUrl,
  });
  try {
    await post(webhookUrl, message);
    await db.$executeRaw`UPDATE task_alerts SET sent_at = now(), last_error = NULL WHERE task_id = ${alert.task_id} AND condition = ${alert.condition}`;
    return "sent";
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const givesUp = alert.attempts >= MAX_ATTEMPTS;
    const next = new Date(Date.now() + retryDelayMs(alert.attempts));
    await db.$executeRaw`
      UPDATE task_alerts SET last_error = ${reason.slice(0, 500)}, next_attempt_at = ${next},
        gave_up_at = CASE WHEN ${givesUp} THEN now() ELSE NULL END
      WHERE task_id = ${alert.task_id} AND condition = ${alert.condition}`;
    logger.warn({ persistentId: alert.persistent_id, condition: alert.condition, attempts: alert.attempts, reason, givesUp }, "alert not delivered");
    return givesUp ? "gave_up" : "failed";
  }
}

export async function deliverDueAlerts(now = new Date()): Promise<DeliveryReport> {
  const { ALERT_WEBHOOK_URL: webhookUrl, PUBLIC_URL: publicUrl } = getEnv();
  const report: DeliveryReport = { sent: 0, failed: 0, gaveUp: 0 };
  if (!webhookUrl) return report;
  const alerts = await claimDueAlerts(now);
  const { alerts: counter } = getMetrics();
  for (const [index, alert] of alerts.entries()) {
    // Stopping: the alerts not yet sent go back to the queue, due now, for another instance.
    if (isDraining()) {
      await releaseAlerts(alerts.slice(index));
      break;
    }
    const result = await deliver(alert, webhookUrl, publicUrl);
    counter.inc({ condition: alert.condition, result });
    if (result === "sent") report.sent += 1;
    else if (result === "failed") report.failed += 1;
    else report.gaveUp += 1;
  }
  return report;
}

async function releaseAlerts(alerts: readonly DueAlert[]): Promise<void> {
  for (const alert of alerts) {
    await getDb().$executeRaw`
      UPDATE task_alerts SET next_attempt_at = now(), attempts = attempts - 1
      WHERE task_id = ${alert.task_id} AND condition = ${alert.condition} AND sent_at IS NULL`;
  }
}

export function startAlertDispatcher(): void {
  const env = getEnv();
  if (!env.ALERT_WEBHOOK_URL) return;
  if (startPeriodicWorker("alert dispatcher", env.ALERT_INTERVAL_MS, async () => void (await deliverDueAlerts()))) {
    logger.info({ intervalMs: env.ALERT_INTERVAL_MS }, "Alert dispatcher started");
  }
}
