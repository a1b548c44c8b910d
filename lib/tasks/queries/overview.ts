import "server-only";
import { getDb } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import type { TaskState } from "@/lib/tasks/task-state";

// A task that has heard nothing for this long while still running is called stuck here;
// the reconciler will be asking the vendor about it.
export const STUCK_AFTER_MS = 60 * 60 * 1000;
const SHOWN = 8;

export type AttentionReason = "failed" | "partial" | "callback_missing" | "stuck";
export type AttentionTask = { persistentId: string; state: TaskState; reason: AttentionReason; failedCount: number; itemCount: number; at: string };

type Row = { persistent_id: string; state: TaskState; failed_count: number; item_count: number; at: Date };

export const ATTENTION_ROW_COLUMNS = { persistent_id: true, state: true, failed_count: true, item_count: true, at: true } as const satisfies Record<keyof Row, true>;

export function attentionByStateSql(state: TaskState, before?: Date): Prisma.Sql {
  return Prisma.sql`
    SELECT persistent_id, state, failed_count, item_count, last_activity_at AS at FROM tasks
    WHERE state = ${state}::"TaskState" ${before ? Prisma.sql`AND last_activity_at < ${before}::timestamptz` : Prisma.empty}
    ORDER BY last_activity_at DESC, id DESC LIMIT ${SHOWN}`;
}

export const CALLBACK_MISSING_SQL = Prisma.sql`
  SELECT persistent_id, state, failed_count, item_count, callback_missing_at AS at FROM tasks
  WHERE callback_missing_at IS NOT NULL ORDER BY callback_missing_at DESC LIMIT ${SHOWN}`;

// Each group is its own LIMITed walk down an index: (state, last_activity_at) for the
// states, callback_missing_at for the missing callbacks.
export async function listTasksNeedingAttention(now = new Date()): Promise<AttentionTask[]> {
  const db = getDb();
  const stuckBefore = new Date(now.getTime() - STUCK_AFTER_MS);
  const byState = (state: TaskState, before?: Date) => db.$queryRaw<Row[]>(attentionByStateSql(state, before));
  const [failed, partial, missing, processing, pending] = await Promise.all([
    byState("failed"),
    byState("partial"),
    db.$queryRaw<Row[]>(CALLBACK_MISSING_SQL),
    byState("processing", stuckBefore),
    byState("pending", stuckBefore),
  ]);
  const tag = (rows: Row[], reason: AttentionReason) =>
    rows.map((row) => ({ persistentId: row.persistent_id, state: row.state, reason, failedCount: row.failed_count, itemCount: row.item_count, at: row.at.toISOString() }));
  return [...tag(missing, "callback_missing"), ...tag(failed, "failed"), ...tag(partial, "partial"), ...tag([...processing, ...pending], "stuck")];
}

export type HourlyCallbacks = { hour: string; accepted: number; rejected: number };

// The last 24 hours, hour by hour: distinct callbacks stored (with their redeliveries)
// and rejected requests, read along the received-time indexes.
export async function countCallbacksByHour(now = new Date()): Promise<HourlyCallbacks[]> {
  const start = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000 - 23 * 3_600_000);
  const db = getDb();
  const [accepted, rejected] = await Promise.all([
    db.$queryRaw<{ hour: Date; n: bigint }[]>`
      SELECT date_trunc('hour', received_at) AS hour, sum(deliveries)::bigint AS n FROM task_events
      WHERE received_at >= ${start}::timestamptz AND source = 'callback' GROUP BY 1`,
    db.$queryRaw<{ hour: Date; n: bigint }[]>`
      SELECT date_trunc('hour', first_received_at) AS hour, sum(deliveries)::bigint AS n FROM rejected_callbacks
      WHERE first_received_at >= ${start}::timestamptz GROUP BY 1`,
  ]);
  const byHour = (rows: { hour: Date; n: bigint }[]) => new Map(rows.map((row) => [row.hour.getTime(), Number(row.n)]));
  const acceptedByHour = byHour(accepted);
  const rejectedByHour = byHour(rejected);
  return Array.from({ length: 24 }, (_, index) => {
    const hour = start.getTime() + index * 3_600_000;
    return { hour: new Date(hour).toISOString(), accepted: acceptedByHour.get(hour) ?? 0, rejected: rejectedByHour.get(hour) ?? 0 };
  });
}
