// Applies the pending events of tasks the caller has locked: the heart of the projector
// (projector.ts) and of a lookup's immediate projection. Runs on any SqlRunner inside a
// transaction the caller owns. No "server-only": the bench's bare server uses it too.
import type { SqlRunner } from "@/lib/db/sql-runner";
import { parseTaskDocument, type TaskDocument } from "@/lib/fmgr/task-document";
import { Prisma } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/logger";
import type { AlertCondition } from "@/lib/tasks/ingest/alert-conditions";
import { itemStateOf } from "@/lib/tasks/ingest/merge-items";
import { applyEvent, startProjection, type EventSourceName, type ItemWrite, type Projection, type ProjectionSettings } from "./fold-events";
import { claimPendingTasksSql, createDueTasksSql, EVENTS_PER_BATCH, markApplied, queueAlerts, storedItemsOf, writeItems, writeViews, type TaskViewRow } from "./task-rows";

// An event as the projector reads it, with its document as stored (decoded jsonb, as
// text), or already parsed (document-cache.ts).
type EventHead = { id: bigint; persistentId: string; source: EventSourceName; receivedAt: Date };
export type StoredEvent = EventHead & ({ json: string | null } | { document: TaskDocument });

// Only valid documents are ever appended; one that no longer parses (a rule made
// stricter since) is passed over with an error logged, rather than block its task.
function documentOf(event: StoredEvent): TaskDocument | null {
  if ("document" in event) return event.document;
  const parsed = parseTaskDocument(event.json ?? "");
  if (parsed.ok) return parsed.document;
  logger.error({ eventId: String(event.id), persistentId: event.persistentId, reason: parsed.message }, "an event no longer parses; it is passed over");
  return null;
}

// The events, applied in the order given.
export function applyStoredEvents(projection: Projection, events: readonly StoredEvent[], settings: ProjectionSettings): void {
  for (const event of events) {
    const document = documentOf(event);
    if (document) applyEvent(projection, { source: event.source, document, receivedAt: event.receivedAt }, settings);
  }
}

// The pending events of these tasks, oldest first, each with its document: from this
// process's cache when it appended it, else read back in one more statement.
async function pendingEventsOf(tx: SqlRunner, tasks: readonly TaskViewRow[], cached: (eventId: bigint) => TaskDocument | undefined): Promise<StoredEvent[]> {
  const heads = await tx.query<EventHead>(Prisma.sql`
    SELECT id, persistent_id AS "persistentId", source, received_at AS "receivedAt"
    FROM task_events WHERE persistent_id = ANY(${tasks.map((task) => task.persistentId)}::text[]) AND applied_seq IS NULL
    ORDER BY id LIMIT ${EVENTS_PER_BATCH}`);
  const events: StoredEvent[] = heads.map((head) => {
    const document = cached(head.id);
    return document ? { ...head, document } : { ...head, json: null };
  });
  const misses = events.filter((event) => !("document" in event)).map((event) => event.id);
  if (misses.length === 0) return events;
  const stored = await tx.query<{ id: bigint; json: string | null }>(Prisma.sql`SELECT id, decoded::text AS json FROM task_events WHERE id = ANY(${misses.map(String)}::bigint[])`);
  const json = new Map(stored.map((row) => [row.id, row.json]));
  return events.map((event) => ("document" in event ? event : { ...event, json: json.get(event.id) ?? null }));
}

const YIELD_EVERY_EVENTS = 50;

// firstItems: the tasks that had no items before this batch and have some now.
export type AppliedBatch = { events: number; views: TaskViewRow[]; firstItems: bigint[] };

function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const group = groups.get(key(row));
    if (group) group.push(row);
    else groups.set(key(row), [row]);
  }
  return groups;
}

// `cached`: documents this process appended (document-cache.ts); none by default.
export async function applyPendingEvents(
  tx: SqlRunner,
  tasks: readonly TaskViewRow[],
  settings: ProjectionSettings,
  cached: (eventId: bigint) => TaskDocument | undefined = () => undefined,
): Promise<AppliedBatch> {
  if (tasks.length === 0) return { events: 0, views: [], firstItems: [] };
  const events = await pendingEventsOf(tx, tasks, cached);
  if (events.length === 0) return { events: 0, views: [], firstItems: [] };
  const eventsByTask = groupBy(events, (event) => event.persistentId);
  const touched = tasks.filter((task) => eventsByTask.has(task.persistentId));
  // Items are read only for tasks that have some: every task of a storm of new ones skips it.
  const stored = groupBy(await storedItemsOf(tx, touched.filter((task) => task.itemCount > 0).map((task) => task.id)), (item) => item.taskId);

  const views: TaskViewRow[] = [];
  const itemWrites: (ItemWrite & { taskId: bigint })[] = [];
  const alerts: { taskId: bigint; condition: AlertCondition }[] = [];
  const firstItems: bigint[] = [];
  const applied: { id: bigint; taskId: bigint }[] = [];
  let sinceYield = 0;
  for (const task of touched) {
    const { id, persistentId, ...view } = task;
    const taskEvents = eventsByTask.get(persistentId) ?? [];
    // The fold is synchronous: the callbacks this process is answering get their turn
    // every few dozen events, rather than wait out a whole batch.
    sinceYield += taskEvents.length;
    if (sinceYield >= YIELD_EVERY_EVENTS) {
      sinceYield = 0;
      await new Promise((resolve) => setImmediate(resolve));
    }
    const projection = startProjection(view, itemStateOf(stored.get(id) ?? []));
    applyStoredEvents(projection, taskEvents, settings);
    views.push({ id, persistentId, ...projection.view });
    for (const event of taskEvents) applied.push({ id: event.id, taskId: id });
    if (task.itemCount === 0 && projection.view.itemCount > 0) firstItems.push(id);
    for (const row of projection.writes.values()) itemWrites.push({ ...row, taskId: id });
    for (const condition of projection.alerts) alerts.push({ taskId: id, condition });
  }
  await writeItems(tx, itemWrites);
  await writeViews(tx, views);
  await queueAlerts(tx, alerts);
  await markApplied(tx, applied);
  return { events: applied.length, views, firstItems };
}

// One projection batch: the tasks that have none yet are made, then up to 200 tasks with
// pending events are claimed (locked, SKIP LOCKED) and their events applied. The caller
// owns the transaction; the projector (in its thread or in-process) and the bare bench
// server run exactly this.
export async function claimAndApplyPending(
  tx: SqlRunner,
  settings: ProjectionSettings,
  cached?: (eventId: bigint) => TaskDocument | undefined,
): Promise<AppliedBatch> {
  await tx.execute(createDueTasksSql());
  return applyPendingEvents(tx, await tx.query<TaskViewRow>(claimPendingTasksSql()), settings, cached);
}
