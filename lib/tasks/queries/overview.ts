import "server-only";
import { getDb } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import type { TaskState } from "@/lib/tasks/task-state";

const SHOWN = 8;

export type AttentionReason = "failed" | "partial" | "callback_missing" | "stuck" | "lookup_failing";
export type AttentionTask = {
  persistentId: string;
  state: TaskState;
  reason: AttentionReason;
  failedCount: number;
  itemCount: number;
  at: string;
  lookupFailures: number;
  lastLookupMessage: string | null;
};

type Row = { persistent_id: string; state: TaskState; failed_count: number; item_count: number; at: Date; lookup_failures: number; last_lookup_message: string | null };

export const ATTENTION_ROW_COLUMNS = {
  persistent_id: true, state: true, failed_count: true, item_count: true, at: true, lookup_failures: true, last_lookup_message: true,
} as const satisfies Record<keyof Row, true>;

const ROW = Prisma.sql`persistent_id, state, failed_count, item_count, lookup_failures, last_lookup_message`;

export function attentionByStateSql(state: TaskState): Prisma.Sql {
  return Prisma.sql`
    SELECT ${ROW}, last_activity_at AS at FROM tasks
    WHERE state = ${state}::"TaskState"
    ORDER BY last_activity_at DESC, id DESC LIMIT ${SHOWN}`;
}

// Still running with no news (no callback, no change) since `before`, the most recently
// stuck first, like the other groups: a walk down the (state, progress_at) index from the
// cut-off.
export function stuckSql(state: TaskState, before: Date): Prisma.Sql {
  return Prisma.sql`
    SELECT ${ROW}, progress_at AS at FROM tasks
    WHERE state = ${state}::"TaskState" AND progress_at < ${before}::timestamptz
    ORDER BY progress_at DESC LIMIT ${SHOWN}`;
}

export const CALLBACK_MISSING_SQL = Prisma.sql`
  SELECT ${ROW}, callback_missing_at AS at FROM tasks
  WHERE callback_missing_at IS NOT NULL ORDER BY callback_missing_at DESC LIMIT ${SHOWN}`;

export const LOOKUP_FAILING_SQL = Prisma.sql`
  SELECT ${ROW}, lookup_failing_since AS at FROM tasks
  WHERE lookup_failing_since IS NOT NULL ORDER BY lookup_failing_since DESC LIMIT ${SHOWN}`;

// Each group is its own LIMITed walk down an index: (state, last_activity_at) for the
// final states, (state, progress_at) for the stuck, and one each for missing callbacks
// and failing lookups.
export async function listTasksNeedingAttention(stuckAfterMs: number, now = new Date()): Promise<AttentionTask[]> {
  const db = getDb();
  const stuckBefore = new Date(now.getTime() - stuckAfterMs);
  const [failed, partial, missing, failing, processing, pending] = await Promise.all([
    db.$queryRaw<Row[]>(attentionByStateSql("failed")),
    db.$queryRaw<Row[]>(attentionByStateSql("partial")),
    db.$queryRaw<Row[]>(CALLBACK_MISSING_SQL),
    db.$queryRaw<Row[]>(LOOKUP_FAILING_SQL),
    db.$queryRaw<Row[]>(stuckSql("processing", stuckBefore)),
    db.$queryRaw<Row[]>(stuckSql("pending", stuckBefore)),
  ]);
  const tag = (rows: Row[], reason: AttentionReason): AttentionTask[] =>
    rows.map((row) => ({
      persistentId: row.persistent_id,
      state: row.state,
      reason,
      failedCount: row.failed_count,
      itemCount: row.item_count,
      at: row.at.toISOString(),
      lookupFailures: row.lookup_failures,
      lastLookupMessage: row.last_lookup_message,
    }));
  return [
    ...tag(missing, "callback_missing"),
    ...tag(failing, "lookup_failing"),
    ...tag([...processing, ...pending], "stuck"),
    ...tag(failed, "failed"),
    ...tag(partial, "partial"),
  ];
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
