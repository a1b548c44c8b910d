// A task re-derived from its whole history (npm run db:reproject): for when the rules
// change or a bug in them is fixed. Its events are replayed from an empty task in the
// order they were applied (applied_seq, then id; pending ones last, which this applies),
// and the task's view and items are written over. One task per transaction, holding only
// that task's row: callbacks keep being appended meanwhile (they take KEY SHARE, which
// FOR NO KEY UPDATE lets through) and the projector skips the task until it is done.
// No alerts: a rebuild does not page anyone for last month's failures.
// No "server-only": the db:reproject script runs it outside Next.js.
import { Prisma } from "@/lib/generated/prisma/client";
import type { SqlRunner } from "@/lib/db/sql-runner";
import { itemStateOf } from "@/lib/tasks/ingest/merge-items";
import { applyStoredEvents, type StoredEvent } from "./apply-pending";
import { emptyView, startProjection, type ProjectionSettings } from "./fold-events";
import { lockedTaskViewSql, markApplied, STORED_EVENT_COLUMNS, writeItems, writeViews, type TaskViewRow } from "./task-rows";

// Documents are read this many at a time, so a task with 100,000 events never holds
// them all.
const EVENT_CHUNK = 2_000;

export type RebuildOutcome = "rebuilt" | "unchanged" | "trimmed" | "gone";

type EventOrder = { id: bigint; appliedSeq: bigint | null };

const viewKey = ({ id: _id, ...view }: TaskViewRow) => JSON.stringify(view);

// Its applied events (linked to it) and those still pending (named by its persistentId).
async function replayOrder(tx: SqlRunner, task: { id: bigint; persistentId: string }): Promise<EventOrder[]> {
  const rows = await tx.query<EventOrder>(Prisma.sql`
    SELECT id, applied_seq AS "appliedSeq" FROM task_events
    WHERE task_id = ${task.id} OR (persistent_id = ${task.persistentId} AND applied_seq IS NULL)`);
  const seq = (row: EventOrder) => row.appliedSeq ?? BigInt(Number.MAX_SAFE_INTEGER) ** 2n;
  return rows.sort((a, b) => (seq(a) === seq(b) ? (a.id < b.id ? -1 : 1) : seq(a) < seq(b) ? -1 : 1));
}

// Rebuilds one task inside the caller's transaction.
export async function rebuildTask(tx: SqlRunner, taskId: bigint, settings: ProjectionSettings): Promise<RebuildOutcome> {
  const [task] = await tx.query<TaskViewRow & { historyTrimmedAt: Date | null }>(lockedTaskViewSql({ id: taskId }, { withTrimmed: true }));
  if (!task) return "gone";
  if (task.historyTrimmedAt) return "trimmed";
  const { historyTrimmedAt: _trimmed, ...before } = task;
  const projection = startProjection(emptyView(before.firstSeenAt), itemStateOf([]));
  const order = await replayOrder(tx, before);
  const rebuildSettings = { ...settings, alertsEnabled: false };
  for (let start = 0; start < order.length; start += EVENT_CHUNK) {
    const ids = order.slice(start, start + EVENT_CHUNK).map((event) => event.id);
    const events = await tx.query<StoredEvent>(Prisma.sql`SELECT ${STORED_EVENT_COLUMNS} FROM task_events WHERE id = ANY(${ids.map(String)}::bigint[])`);
    const byId = new Map(events.map((event) => [event.id, event]));
    applyStoredEvents(projection, ids.flatMap((id) => byId.get(id) ?? []), rebuildSettings);
  }
  const after: TaskViewRow = { id: taskId, persistentId: before.persistentId, ...projection.view };
  const writes = [...projection.writes.values()];
  await writeItems(tx, writes.map((row) => ({ ...row, taskId })));
  // Items no event makes any more (a rule about what an item is changed) go.
  await tx.execute(Prisma.sql`
    DELETE FROM task_items WHERE task_id = ${taskId}
      AND (cmd_digest, occurrence) NOT IN (SELECT * FROM unnest(${writes.map((row) => row.cmdDigest)}::text[], ${writes.map((row) => row.occurrence)}::int[]))`);
  await writeViews(tx, [after]);
  await markApplied(tx, order.filter((event) => event.appliedSeq === null).map((event) => ({ id: event.id, taskId })));
  return viewKey(after) === viewKey(before) ? "unchanged" : "rebuilt";
}

export type ReprojectReport = Record<RebuildOutcome, number>;
export type TransactionRunner = <T>(work: (tx: SqlRunner) => Promise<T>) => Promise<T>;

// Tasks are visited in id order, this many ids read per step.
const TASK_PAGE = 500;

// Every task (or one), each rebuilt in a transaction of its own; `onProgress` hears the
// running totals after every page.
export async function reproject(
  run: TransactionRunner,
  settings: ProjectionSettings,
  options: { taskId?: bigint; onProgress?: (report: ReprojectReport) => void } = {},
): Promise<ReprojectReport> {
  const report: ReprojectReport = { rebuilt: 0, unchanged: 0, trimmed: 0, gone: 0 };
  if (options.taskId !== undefined) {
    const taskId = options.taskId;
    report[await run((tx) => rebuildTask(tx, taskId, settings))]++;
    return report;
  }
  let after = 0n;
  for (;;) {
    const ids = await run((tx) => tx.query<{ id: bigint }>(Prisma.sql`SELECT id FROM tasks WHERE id > ${after} ORDER BY id LIMIT ${TASK_PAGE}`));
    for (const { id } of ids) report[await run((tx) => rebuildTask(tx, id, settings))]++;
    options.onProgress?.({ ...report });
    const last = ids.at(-1);
    if (!last || ids.length < TASK_PAGE) return report;
    after = last.id;
  }
}
