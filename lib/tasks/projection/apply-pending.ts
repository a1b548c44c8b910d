// Applies the pending events of tasks the caller has locked: the heart of the projector
// (projector.ts) and of a lookup's immediate projection. Runs on any SqlRunner inside a
// transaction the caller owns. No "server-only": the bench's bare server uses it too.
import type { SqlRunner } from "@/lib/db/sql-runner";
import { parseTaskDocument } from "@/lib/fmgr/task-document";
import { Prisma } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/logger";
import type { AlertCondition } from "@/lib/tasks/ingest/alert-conditions";
import { itemStateOf } from "@/lib/tasks/ingest/merge-items";
import { applyEvent, startProjection, type EventSourceName, type ItemWrite, type Projection, type ProjectionSettings } from "./fold-events";
import { EVENTS_PER_BATCH, STORED_EVENT_COLUMNS, markApplied, queueAlerts, storedItemsOf, writeItems, writeViews, type TaskViewRow } from "./task-rows";

// An event as the projector reads it: the document as stored (decoded jsonb, as text).
export type StoredEvent = { id: bigint; taskId: bigint; source: EventSourceName; json: string | null; receivedAt: Date };

// The events, applied in the order given. Only valid documents are ever appended; one
// that no longer parses (a rule made stricter since) is passed over with an error logged,
// rather than block its task for good.
export function applyStoredEvents(projection: Projection, events: readonly StoredEvent[], settings: ProjectionSettings): void {
  for (const event of events) {
    const parsed = parseTaskDocument(event.json ?? "");
    if (!parsed.ok) {
      logger.error({ eventId: String(event.id), taskId: String(event.taskId), reason: parsed.message }, "an event no longer parses; it is passed over");
      continue;
    }
    applyEvent(projection, { source: event.source, document: parsed.document, receivedAt: event.receivedAt }, settings);
  }
}

// firstItems: the tasks that had no items before this batch and have some now.
export type AppliedBatch = { events: number; views: TaskViewRow[]; firstItems: bigint[] };

function groupBy<T>(rows: readonly T[], key: (row: T) => bigint): Map<bigint, T[]> {
  const groups = new Map<bigint, T[]>();
  for (const row of rows) {
    const group = groups.get(key(row));
    if (group) group.push(row);
    else groups.set(key(row), [row]);
  }
  return groups;
}

export async function applyPendingEvents(tx: SqlRunner, tasks: readonly TaskViewRow[], settings: ProjectionSettings): Promise<AppliedBatch> {
  if (tasks.length === 0) return { events: 0, views: [], firstItems: [] };
  const events = await tx.query<StoredEvent>(Prisma.sql`
    SELECT ${STORED_EVENT_COLUMNS} FROM task_events WHERE task_id = ANY(${tasks.map((task) => String(task.id))}::bigint[]) AND applied_seq IS NULL
    ORDER BY id LIMIT ${EVENTS_PER_BATCH}`);
  if (events.length === 0) return { events: 0, views: [], firstItems: [] };
  const eventsByTask = groupBy(events, (event) => event.taskId);
  const touched = tasks.filter((task) => eventsByTask.has(task.id));
  // Items are read only for tasks that have some: every task of a storm of new ones skips it.
  const stored = groupBy(await storedItemsOf(tx, touched.filter((task) => task.itemCount > 0).map((task) => task.id)), (item) => item.taskId);

  const views: TaskViewRow[] = [];
  const itemWrites: (ItemWrite & { taskId: bigint })[] = [];
  const alerts: { taskId: bigint; condition: AlertCondition }[] = [];
  const firstItems: bigint[] = [];
  for (const task of touched) {
    const { id, ...view } = task;
    const projection = startProjection(view, itemStateOf(stored.get(id) ?? []));
    applyStoredEvents(projection, eventsByTask.get(id) ?? [], settings);
    views.push({ id, ...projection.view });
    if (task.itemCount === 0 && projection.view.itemCount > 0) firstItems.push(id);
    for (const row of projection.writes.values()) itemWrites.push({ ...row, taskId: id });
    for (const condition of projection.alerts) alerts.push({ taskId: id, condition });
  }
  await writeItems(tx, itemWrites);
  await writeViews(tx, views);
  await queueAlerts(tx, alerts);
  await markApplied(tx, events.map((event) => event.id));
  return { events: events.length, views, firstItems };
}
