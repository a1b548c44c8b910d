// The SQL the projector and a rebuild share: a task's view read and written as one row,
// item rows upserted, alerts queued, events marked applied. Runs on any SqlRunner inside
// a transaction the caller owns. No "server-only": the bench's bare server uses it too.
import type { SqlRunner } from "@/lib/db/sql-runner";
import { itemOutcome } from "@/lib/fmgr/codes";
import { Prisma } from "@/lib/generated/prisma/client";
import type { AlertCondition } from "@/lib/tasks/ingest/alert-conditions";
import type { ItemRow, StoredItem } from "@/lib/tasks/ingest/merge-items";
import type { ItemWrite, TaskView } from "./fold-events";

export type TaskViewRow = TaskView & { id: bigint; persistentId: string };

// The columns of TaskViewRow as stored; lib/db/row-columns.integration.test.ts holds the
// statements below against the schema.
export const TASK_VIEW_ROW_COLUMNS = {
  id: true, persistentId: true, state: true, callbackCode: true, lookupCode: true, desc: true, separate: true, ops: true, itemCount: true,
  pendingCount: true, processingCount: true, succeededCount: true, failedCount: true, unknownCount: true, firstSeenAt: true,
  updatedAt: true, progressAt: true, lastActivityAt: true, lastCallbackAt: true, lastCheckedAt: true, nextCheckAt: true,
  checkAttempts: true, callbackMissingAt: true,
} as const satisfies Record<keyof TaskViewRow, true>;

export const TASK_VIEW_COLUMNS = Prisma.sql`
  id, persistent_id AS "persistentId", state, callback_code AS "callbackCode", lookup_code AS "lookupCode", "desc", separate, ops,
  item_count AS "itemCount", pending_count AS "pendingCount", processing_count AS "processingCount",
  succeeded_count AS "succeededCount", failed_count AS "failedCount", unknown_count AS "unknownCount",
  first_seen_at AS "firstSeenAt", updated_at AS "updatedAt", progress_at AS "progressAt", last_activity_at AS "lastActivityAt",
  last_callback_at AS "lastCallbackAt", last_checked_at AS "lastCheckedAt", next_check_at AS "nextCheckAt",
  check_attempts AS "checkAttempts", callback_missing_at AS "callbackMissingAt"`;

// Arrays go to Postgres as text (ids, sizes, times), so the pg pool and Prisma's
// transaction on the embedded database send them alike.
const iso = (date: Date | null) => date?.toISOString() ?? null;

// The events one transaction applies at most: enough to amortise its round trips over a
// storm, few enough that a batch stays well under a second.
export const EVENTS_PER_BATCH = 500;
const TASKS_PER_BATCH = 200;

// The oldest pending events, by the persistentId they name.
const DUE_PERSISTENT_IDS = Prisma.sql`SELECT persistent_id FROM task_events WHERE applied_seq IS NULL ORDER BY id LIMIT ${EVENTS_PER_BATCH}`;

// The tasks of the oldest pending events that are new, made: first seen when their first
// pending event arrived. In persistentId order, so two instances making the same tasks
// at once wait for each other rather than deadlock.
export function createDueTasksSql(): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO tasks (persistent_id, first_seen_at, updated_at, last_activity_at, progress_at)
    SELECT e.persistent_id, min(e.received_at), min(e.received_at), min(e.received_at), min(e.received_at)
    FROM task_events e WHERE e.applied_seq IS NULL AND e.persistent_id IN (${DUE_PERSISTENT_IDS})
      AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.persistent_id = e.persistent_id)
    GROUP BY e.persistent_id ORDER BY e.persistent_id
    ON CONFLICT (persistent_id) DO NOTHING`;
}

// The tasks of the oldest pending events, locked. SKIP LOCKED: a task another instance
// is applying is left to it. FOR NO KEY UPDATE, not FOR UPDATE: foreign key checks
// (KEY SHARE) on the task are not held up.
export function claimPendingTasksSql(): Prisma.Sql {
  return Prisma.sql`
    SELECT ${TASK_VIEW_COLUMNS} FROM tasks WHERE persistent_id IN (${DUE_PERSISTENT_IDS})
    ORDER BY id LIMIT ${TASKS_PER_BATCH}
    FOR NO KEY UPDATE SKIP LOCKED`;
}

// One task made from its pending events if it is new.
export function createTaskSql(persistentId: string): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO tasks (persistent_id, first_seen_at, updated_at, last_activity_at, progress_at)
    SELECT ${persistentId}, min(received_at), min(received_at), min(received_at), min(received_at)
    FROM task_events WHERE persistent_id = ${persistentId} AND applied_seq IS NULL HAVING count(*) > 0
    ON CONFLICT (persistent_id) DO NOTHING`;
}

// Whether an event made its task known here: no event before it names the task, and the
// task's history is whole (retention did not take the ones before). Whichever made the
// task's row, this projector or another instance's.
export function isFirstEventSql(persistentId: string, eventId: bigint): Prisma.Sql {
  return Prisma.sql`
    SELECT NOT EXISTS (SELECT 1 FROM task_events WHERE persistent_id = ${persistentId} AND id < ${eventId}) AND history_trimmed_at IS NULL AS "isFirst"
    FROM tasks WHERE persistent_id = ${persistentId}`;
}

// An event as the projector reads it (StoredEvent in apply-pending.ts).
export const STORED_EVENT_COLUMNS = Prisma.sql`id, persistent_id AS "persistentId", source, decoded::text AS json, received_at AS "receivedAt"`;

// One task's view, locked for the transaction: waits if the projector holds it.
// withTrimmed: with history_trimmed_at AS "historyTrimmedAt" (a rebuild's check).
export function lockedTaskViewSql(task: { id: bigint } | { persistentId: string }, { withTrimmed = false } = {}): Prisma.Sql {
  const trimmed = withTrimmed ? Prisma.sql`, history_trimmed_at AS "historyTrimmedAt"` : Prisma.empty;
  const where = "id" in task ? Prisma.sql`id = ${task.id}` : Prisma.sql`persistent_id = ${task.persistentId}`;
  return Prisma.sql`SELECT ${TASK_VIEW_COLUMNS}${trimmed} FROM tasks WHERE ${where} FOR NO KEY UPDATE`;
}

export type StoredItemRow = StoredItem & { taskId: bigint };

export const STORED_ITEM_ROW_COLUMNS = { taskId: true, cmdDigest: true, occurrence: true, code: true, op: true, index: true } as const satisfies Record<keyof StoredItemRow, true>;

export function storedItemsSql(taskIds: readonly bigint[]): Prisma.Sql {
  return Prisma.sql`
    SELECT task_id AS "taskId", cmd_digest AS "cmdDigest", occurrence, code, op, index
    FROM task_items WHERE task_id = ANY(${taskIds.map(String)}::bigint[])`;
}

export function storedItemsOf(tx: SqlRunner, taskIds: readonly bigint[]): Promise<StoredItemRow[]> {
  return taskIds.length === 0 ? Promise.resolve([]) : tx.query(storedItemsSql(taskIds));
}

export async function writeItems(tx: SqlRunner, rows: readonly (ItemWrite & { taskId: bigint })[]): Promise<void> {
  if (rows.length === 0) return;
  const column = <K extends keyof ItemRow>(key: K) => rows.map((row) => row[key]);
  await tx.execute(Prisma.sql`
    INSERT INTO task_items (task_id, index, cmd, cmd_digest, occurrence, op, bucket, key, code, outcome, "desc", error, hash, fsize, url, decompresslist, first_seen_at, updated_at)
    SELECT u.task_id, u.index, u.cmd, u.cmd_digest, u.occurrence, u.op, u.bucket, u.key, u.code, u.outcome, u."desc", u.error, u.hash, u.fsize::bigint, u.url, u.decompresslist, u.at, u.at
    FROM unnest(${rows.map((row) => String(row.taskId))}::bigint[], ${rows.map((row) => row.at.toISOString())}::timestamptz[], ${column("index")}::int[], ${column("cmd")}::text[], ${column("cmdDigest")}::text[], ${column("occurrence")}::int[],
                ${column("op")}::text[], ${column("bucket")}::text[], ${column("key")}::text[], ${column("code")}::int[],
                ${rows.map((row) => itemOutcome(row.code))}::smallint[],
                ${column("desc")}::text[], ${column("error")}::text[], ${column("hash")}::text[], ${column("fsize")}::text[],
                ${column("url")}::text[], ${column("decompresslist")}::text[])
      AS u(task_id, at, index, cmd, cmd_digest, occurrence, op, bucket, key, code, outcome, "desc", error, hash, fsize, url, decompresslist)
    ON CONFLICT (task_id, cmd_digest, occurrence) DO UPDATE SET
      index = EXCLUDED.index, op = EXCLUDED.op, bucket = EXCLUDED.bucket, key = EXCLUDED.key, code = EXCLUDED.code, outcome = EXCLUDED.outcome,
      "desc" = EXCLUDED."desc", error = EXCLUDED.error, hash = EXCLUDED.hash, fsize = EXCLUDED.fsize, url = EXCLUDED.url,
      decompresslist = EXCLUDED.decompresslist, updated_at = EXCLUDED.updated_at`);
}

// Every task of a batch in one statement.
export async function writeViews(tx: SqlRunner, views: readonly TaskViewRow[]): Promise<void> {
  if (views.length === 0) return;
  const column = <K extends keyof TaskViewRow>(key: K) => views.map((view) => view[key]);
  const times = (key: "updatedAt" | "progressAt" | "lastActivityAt" | "lastCallbackAt" | "lastCheckedAt" | "nextCheckAt" | "callbackMissingAt") =>
    views.map((view) => iso(view[key]));
  await tx.execute(Prisma.sql`
    UPDATE tasks AS t SET
      state = u.state::"TaskState", callback_code = u.callback_code, lookup_code = u.lookup_code, "desc" = u."desc", separate = u.separate,
      ops = ARRAY(SELECT jsonb_array_elements_text(u.ops::jsonb)), item_count = u.item_count, pending_count = u.pending_count,
      processing_count = u.processing_count, succeeded_count = u.succeeded_count, failed_count = u.failed_count, unknown_count = u.unknown_count,
      updated_at = u.updated_at, progress_at = u.progress_at, last_activity_at = u.last_activity_at, last_callback_at = u.last_callback_at,
      last_checked_at = u.last_checked_at, next_check_at = u.next_check_at, check_attempts = u.check_attempts, callback_missing_at = u.callback_missing_at
    FROM unnest(${views.map((view) => String(view.id))}::bigint[], ${column("state")}::text[], ${column("callbackCode")}::int[], ${column("lookupCode")}::int[],
                ${column("desc")}::text[], ${column("separate")}::boolean[], ${views.map((view) => JSON.stringify(view.ops))}::text[],
                ${column("itemCount")}::int[], ${column("pendingCount")}::int[], ${column("processingCount")}::int[], ${column("succeededCount")}::int[],
                ${column("failedCount")}::int[], ${column("unknownCount")}::int[], ${times("updatedAt")}::timestamptz[], ${times("progressAt")}::timestamptz[],
                ${times("lastActivityAt")}::timestamptz[], ${times("lastCallbackAt")}::timestamptz[], ${times("lastCheckedAt")}::timestamptz[],
                ${times("nextCheckAt")}::timestamptz[], ${column("checkAttempts")}::int[], ${times("callbackMissingAt")}::timestamptz[])
      AS u(id, state, callback_code, lookup_code, "desc", separate, ops, item_count, pending_count, processing_count, succeeded_count,
           failed_count, unknown_count, updated_at, progress_at, last_activity_at, last_callback_at, last_checked_at, next_check_at,
           check_attempts, callback_missing_at)
    WHERE t.id = u.id`);
}

// Queued in the transaction that applies the change they report, so an alert is neither
// lost nor doubled; the key (task, condition) keeps it to one per task and condition.
export async function queueAlerts(tx: SqlRunner, alerts: readonly { taskId: bigint; condition: AlertCondition }[]): Promise<void> {
  if (alerts.length === 0) return;
  await tx.execute(Prisma.sql`
    INSERT INTO task_alerts (task_id, condition)
    SELECT * FROM unnest(${alerts.map((alert) => String(alert.taskId))}::bigint[], ${alerts.map((alert) => alert.condition)}::text[])
    ON CONFLICT DO NOTHING`);
}

// One batch number for all of them, from the events' own id sequence: it only grows, and
// a task's batches run one after another under its row lock, so (applied_seq, id) is the
// order its events were applied in, and the order a rebuild replays them in.
// Each event is linked to its task as it is marked.
export async function markApplied(tx: SqlRunner, events: readonly { id: bigint; taskId: bigint }[]): Promise<void> {
  if (events.length === 0) return;
  await tx.execute(Prisma.sql`
    UPDATE task_events AS e SET applied_seq = (SELECT nextval('task_events_id_seq')), task_id = u.task_id
    FROM unnest(${events.map((event) => String(event.id))}::bigint[], ${events.map((event) => String(event.taskId))}::bigint[]) AS u(id, task_id)
    WHERE e.id = u.id`);
}
