import "server-only";
import { decodeCallbackBody } from "@/lib/fmgr/callback-body";
import { describeCallbackTaskCode, describeLookupTaskCode } from "@/lib/fmgr/codes";
import { getDb } from "@/lib/db/client";
import { readRows } from "@/lib/db/read";
import { Prisma } from "@/lib/generated/prisma/client";
import { boundedJsonText, capDepth } from "./bounded-json";
import { readItemPage, type TaskItem } from "./item-page";
import { isFiltered, ITEM_PAGE_SIZE, type ItemQuery } from "./task-items";
import { isPersistentId } from "@/lib/fmgr/persistent-id";
import type { TaskState } from "@/lib/tasks/task-state";

export type { TaskItem } from "./item-page";

// The newest events and lookups; each event's payload is cut for the page (its whole raw
// body is one link away), so the answer stays small whatever the task's size.
export const EVENTS_SHOWN = 20;
export const LOOKUPS_SHOWN = 20;
const SHOWN_RAW = 16 * 1024;
const SHOWN_DECODED = 16 * 1024;

export const FIRST_ITEMS: ItemQuery = { order: "failures", limit: ITEM_PAGE_SIZE };

export type TaskCode = { code: number; label: string } | null;

export type TaskDetail = {
  task: {
    persistentId: string;
    state: TaskState;
    // The code of whichever came last, a lookup or a callback; both families below.
    code: number | null;
    codeSource: "lookup" | "callback" | null;
    lookupCode: TaskCode;
    callbackCode: TaskCode;
    desc: string | null;
    separate: boolean;
    itemCount: number;
    failedCount: number;
    pendingCount: number;
    succeededCount: number;
    firstSeenAt: string;
    updatedAt: string;
    lastCallbackAt: string | null;
    lastCheckedAt: string | null;
    callbackMissingAt: string | null;
    nextCheckAt: string | null;
    lastLookup: { at: string; outcome: string; message: string } | null;
    lookupFailingSince: string | null;
    lookupFailures: number;
  };
  // Events stored but not yet applied by the projector: while above 0, the task above
  // is about to change ("updating…").
  pendingEvents: number;
  // One page of items; the filters that chose it, as given, and the cursor of the next.
  items: TaskItem[];
  itemsNextCursor: string | null;
  itemsFiltered: boolean;
  // Items per class, from the task's counters (pending covers every unfinished code).
  itemCounts: { all: number; failed: number; pending: number; succeeded: number };
  lookups: { id: string; at: string; trigger: string; outcome: string; message: string; durationMs: number }[];
  // The task this one retries, and the retries submitted from this one (newest first),
  // each with its new task's current state.
  retryOf: { persistentId: string; state: TaskState; requestedBy: string | null; at: string | null } | null;
  retriedAs: {
    id: string;
    persistentId: string | null;
    state: TaskState | null;
    op: string;
    items: number;
    outcome: string;
    message: string | null;
    requestedBy: string;
    at: string;
  }[];
  events: {
    id: string;
    source: "callback" | "lookup" | "reconcile";
    receivedAt: string;
    lastReceivedAt: string;
    code: number | null;
    codeLabel: string | null;
    deliveries: number;
    signatureKey: string | null;
    signatureCandidate: string | null;
    // The body as received, cut at SHOWN_RAW; rawBytes is its whole length.
    raw: string;
    rawBytes: number;
    // The JSON as stored, bounded in depth (bounded-json.ts); null when the body is cut.
    decoded: unknown;
    // The JSON the event carried, indented, numbers exact (jsonb comes back as JS
    // numbers, which would round an fsize past 2^53), bounded in depth and size.
    decodedText: string | null;
    // Something was collapsed or cut in decoded or decodedText; raw has all of it.
    decodedIsCapped: boolean;
  }[];
};


function prettyJson(source: "callback" | "lookup" | "reconcile", raw: string): { text: string; isCapped: boolean } | null {
  const json = source === "callback" ? decodeCallbackBody(Buffer.from(raw)) : { ok: true as const, json: raw };
  return json.ok ? boundedJsonText(json.json, SHOWN_DECODED) : null;
}

function eventCodeLabel(source: "callback" | "lookup" | "reconcile", code: number | null): string | null {
  if (code === null) return null;
  return (source === "callback" ? describeCallbackTaskCode(code) : describeLookupTaskCode(code)).label;
}

const iso = (value: Date | null) => value?.toISOString() ?? null;

function latestCode(task: { lookupCode: number | null; callbackCode: number | null; lastCheckedAt: Date | null; lastCallbackAt: Date | null }) {
  const lookupIsNewer = (task.lastCheckedAt?.getTime() ?? -1) > (task.lastCallbackAt?.getTime() ?? -1);
  if (lookupIsNewer && task.lookupCode !== null) return { code: task.lookupCode, codeSource: "lookup" as const };
  if (task.callbackCode !== null) return { code: task.callbackCode, codeSource: "callback" as const };
  return { code: task.lookupCode, codeSource: task.lookupCode === null ? null : ("lookup" as const) };
}

// The task, the task it retries (with the submission that made this one, when this
// dashboard made it: who, and when), in one statement on the pool.
export type DetailTaskRow = {
  id: bigint; persistentId: string; state: TaskState; callbackCode: number | null; lookupCode: number | null; desc: string | null; separate: boolean;
  itemCount: number; failedCount: number; pendingCount: number; processingCount: number; unknownCount: number; succeededCount: number;
  firstSeenAt: Date; updatedAt: Date; lastCallbackAt: Date | null; lastCheckedAt: Date | null; callbackMissingAt: Date | null; nextCheckAt: Date | null;
  lastLookupAt: Date | null; lastLookupOutcome: string | null; lastLookupMessage: string | null; lookupFailingSince: Date | null; lookupFailures: number;
  retryOfPersistentId: string | null; retryOfState: TaskState | null; submittedBy: string | null; submittedAt: Date | null;
};

// lib/db/row-columns.integration.test.ts holds these against the schema.
export const DETAIL_TASK_ROW_COLUMNS = {
  id: true, persistentId: true, state: true, callbackCode: true, lookupCode: true, desc: true, separate: true, itemCount: true, failedCount: true,
  pendingCount: true, processingCount: true, unknownCount: true, succeededCount: true, firstSeenAt: true, updatedAt: true, lastCallbackAt: true,
  lastCheckedAt: true, callbackMissingAt: true, nextCheckAt: true, lastLookupAt: true, lastLookupOutcome: true, lastLookupMessage: true,
  lookupFailingSince: true, lookupFailures: true, retryOfPersistentId: true, retryOfState: true, submittedBy: true, submittedAt: true,
} as const satisfies Record<keyof DetailTaskRow, true>;

export function detailTaskSql(persistentId: string): Prisma.Sql {
  return Prisma.sql`
    SELECT t.id, t.persistent_id AS "persistentId", t.state, t.callback_code AS "callbackCode", t.lookup_code AS "lookupCode", t."desc", t.separate,
           t.item_count AS "itemCount", t.failed_count AS "failedCount", t.pending_count AS "pendingCount", t.processing_count AS "processingCount",
           t.unknown_count AS "unknownCount", t.succeeded_count AS "succeededCount", t.first_seen_at AS "firstSeenAt", t.updated_at AS "updatedAt",
           t.last_callback_at AS "lastCallbackAt", t.last_checked_at AS "lastCheckedAt", t.callback_missing_at AS "callbackMissingAt",
           t.next_check_at AS "nextCheckAt", t.last_lookup_at AS "lastLookupAt", t.last_lookup_outcome AS "lastLookupOutcome",
           t.last_lookup_message AS "lastLookupMessage", t.lookup_failing_since AS "lookupFailingSince", t.lookup_failures AS "lookupFailures",
           r.persistent_id AS "retryOfPersistentId", r.state AS "retryOfState", s.requested_by AS "submittedBy", s.created_at AS "submittedAt"
    FROM tasks t
    LEFT JOIN tasks r ON r.id = t.retry_of_id
    LEFT JOIN LATERAL (
      SELECT requested_by, created_at FROM retry_submissions
      WHERE t.retry_of_id IS NOT NULL AND persistent_id = t.persistent_id ORDER BY created_at DESC LIMIT 1
    ) s ON true
    WHERE t.persistent_id = ${persistentId}`;
}

export type LookupRow = { id: bigint; at: Date; trigger: string; outcome: string; message: string; durationMs: number };

export const LOOKUP_ROW_COLUMNS = { id: true, at: true, trigger: true, outcome: true, message: true, durationMs: true } as const satisfies Record<keyof LookupRow, true>;

export function newestLookupsSql(persistentId: string): Prisma.Sql {
  return Prisma.sql`
    SELECT id, at, trigger, outcome, message, duration_ms AS "durationMs" FROM task_lookups
    WHERE persistent_id = ${persistentId} ORDER BY at DESC, id DESC LIMIT ${LOOKUPS_SHOWN}`;
}

export const RETRIES_SHOWN = 20;

type RetryRow = {
  id: bigint;
  persistent_id: string | null;
  state: TaskState | null;
  op: string;
  item_count: number;
  outcome: string;
  message: string | null;
  requested_by: string;
  created_at: Date;
};


// Through the partial index of pending events: a few entries at most, whatever the history.
function countPending(persistentId: string) {
  return readRows<{ count: bigint; first: Date | null }>(Prisma.sql`
    SELECT count(*) AS count, min(received_at) AS first FROM task_events WHERE persistent_id = ${persistentId} AND applied_seq IS NULL`);
}

// A task whose first callback is stored but not applied yet: it has no row of its own for
// the moment it takes the projector, and shows as unknown, "updating…". Null when no
// event names it either.
async function pendingTaskDetail(persistentId: string): Promise<TaskDetail | null> {
  const [pending] = await countPending(persistentId);
  if (!pending?.first) return null;
  const first = pending.first.toISOString();
  return {
    task: {
      persistentId, state: "unknown", code: null, codeSource: null, lookupCode: null, callbackCode: null, desc: null, separate: false,
      itemCount: 0, failedCount: 0, pendingCount: 0, succeededCount: 0, firstSeenAt: first, updatedAt: first, lastCallbackAt: null,
      lastCheckedAt: null, callbackMissingAt: null, nextCheckAt: null, lastLookup: null, lookupFailingSince: null, lookupFailures: 0,
    },
    pendingEvents: Number(pending.count),
    items: [], itemsNextCursor: null, itemsFiltered: false, itemCounts: { all: 0, failed: 0, pending: 0, succeeded: 0 },
    lookups: [], retryOf: null, retriedAs: [], events: [],
  };
}

// One task, one page of its items, and its newest events and lookups: a handful of
// indexed reads. Text that cannot be a persistentId (a NUL, a space) names no task: null,
// with no query.
export async function getTaskDetail(persistentId: string, itemQuery: ItemQuery = FIRST_ITEMS): Promise<TaskDetail | null> {
  if (!isPersistentId(persistentId)) return null;
  const [task] = await readRows<DetailTaskRow>(detailTaskSql(persistentId));
  if (!task) return pendingTaskDetail(persistentId);
  const [itemPage, events, lookups, retries, [pending]] = await Promise.all([
    readItemPage(task.id, itemQuery),
    readRows<EventRow>(Prisma.sql`
      SELECT id, source, received_at, last_received_at, code, deliveries, signature_key, signature_candidate,
             left(raw, ${SHOWN_RAW}) AS raw, octet_length(raw) AS raw_bytes,
             CASE WHEN octet_length(raw) <= ${SHOWN_RAW} THEN decoded END AS decoded
      FROM task_events WHERE task_id = ${task.id}
      ORDER BY received_at DESC, id DESC LIMIT ${EVENTS_SHOWN}`),
    readRows<LookupRow>(newestLookupsSql(persistentId)),
    readRows<RetryRow>(Prisma.sql`
      SELECT s.id, s.persistent_id, t.state, s.op, s.item_count, s.outcome, s.message, s.requested_by, s.created_at
      FROM retry_submissions s LEFT JOIN tasks t ON t.persistent_id = s.persistent_id
      WHERE s.source_task_id = ${task.id}
      ORDER BY s.created_at DESC, s.id DESC LIMIT ${RETRIES_SHOWN}`),
    countPending(persistentId),
  ]);
  return {
    task: {
      persistentId: task.persistentId,
      state: task.state,
      ...latestCode(task),
      lookupCode: task.lookupCode === null ? null : { code: task.lookupCode, label: describeLookupTaskCode(task.lookupCode).label },
      callbackCode: task.callbackCode === null ? null : { code: task.callbackCode, label: describeCallbackTaskCode(task.callbackCode).label },
      desc: task.desc,
      separate: task.separate,
      itemCount: task.itemCount,
      failedCount: task.failedCount,
      pendingCount: task.pendingCount + task.processingCount + task.unknownCount,
      succeededCount: task.succeededCount,
      firstSeenAt: task.firstSeenAt.toISOString(),
      updatedAt: task.updatedAt.toISOString(),
      lastCallbackAt: iso(task.lastCallbackAt),
      lastCheckedAt: iso(task.lastCheckedAt),
      callbackMissingAt: iso(task.callbackMissingAt),
      nextCheckAt: iso(task.nextCheckAt),
      lastLookup:
        task.lastLookupAt && task.lastLookupOutcome
          ? { at: task.lastLookupAt.toISOString(), outcome: task.lastLookupOutcome, message: task.lastLookupMessage ?? "" }
          : null,
      lookupFailingSince: iso(task.lookupFailingSince),
      lookupFailures: task.lookupFailures,
    },
    pendingEvents: Number(pending?.count ?? 0),
    items: itemPage.items,
    itemsNextCursor: itemPage.nextCursor,
    itemsFiltered: isFiltered(itemQuery),
    itemCounts: {
      all: task.itemCount,
      failed: task.failedCount,
      pending: task.pendingCount + task.processingCount + task.unknownCount,
      succeeded: task.succeededCount,
    },
    lookups: lookups.map((lookup) => ({ ...lookup, id: lookup.id.toString(), at: lookup.at.toISOString() })),
    retryOf:
      task.retryOfPersistentId && task.retryOfState
        ? { persistentId: task.retryOfPersistentId, state: task.retryOfState, requestedBy: task.submittedBy, at: iso(task.submittedAt) }
        : null,
    retriedAs: retries.map((row) => ({
      id: row.id.toString(),
      persistentId: row.persistent_id,
      state: row.state,
      op: row.op,
      items: row.item_count,
      outcome: row.outcome,
      message: row.message,
      requestedBy: row.requested_by,
      at: row.created_at.toISOString(),
    })),
    events: events.map(toEvent),
  };
}

type EventRow = {
  id: bigint;
  source: "callback" | "lookup" | "reconcile";
  received_at: Date;
  last_received_at: Date;
  code: number | null;
  deliveries: number;
  signature_key: string | null;
  signature_candidate: string | null;
  raw: string;
  raw_bytes: number;
  decoded: unknown;
};

function toEvent(event: EventRow): TaskDetail["events"][number] {
  // A cut body cannot be decoded; the whole one is a link away.
  const isWhole = Buffer.byteLength(event.raw) === event.raw_bytes;
  const pretty = isWhole ? prettyJson(event.source, event.raw) : null;
  const decoded = capDepth(event.decoded);
  return {
    id: event.id.toString(),
    source: event.source,
    receivedAt: event.received_at.toISOString(),
    lastReceivedAt: event.last_received_at.toISOString(),
    code: event.code,
    codeLabel: eventCodeLabel(event.source, event.code),
    deliveries: event.deliveries,
    signatureKey: event.signature_key,
    signatureCandidate: event.signature_candidate,
    raw: event.raw,
    rawBytes: event.raw_bytes,
    decoded: decoded.value,
    decodedText: pretty?.text ?? null,
    decodedIsCapped: !isWhole || decoded.isCapped || (pretty?.isCapped ?? false),
  };
}

// One event's whole body as received, for the link beside its cut copy on the page.
export async function getEventRaw(persistentId: string, eventId: string): Promise<string | null> {
  if (!isPersistentId(persistentId) || !/^\d{1,18}$/.test(eventId)) return null;
  const event = await getDb().taskEvent.findFirst({ where: { id: BigInt(eventId), task: { persistentId } }, select: { raw: true } });
  return event?.raw ?? null;
}

// One item's decompress list, a page of it.
export async function getDecompressList(persistentId: string, itemId: string): Promise<string | null> {
  if (!isPersistentId(persistentId) || !/^\d{1,18}$/.test(itemId)) return null;
  const item = await getDb().taskItem.findFirst({ where: { id: BigInt(itemId), task: { persistentId } }, select: { decompresslist: true } });
  return item?.decompresslist ?? null;
}

export async function findTaskId(persistentId: string): Promise<bigint | null> {
  if (!isPersistentId(persistentId)) return null;
  return (await getDb().task.findUnique({ where: { persistentId }, select: { id: true } }))?.id ?? null;
}

// The first of some candidate ids (in the order given) that names a known task.
export async function findKnownTask(candidates: string[]): Promise<string | null> {
  const ids = candidates.filter(isPersistentId);
  if (ids.length === 0) return null;
  const rows = await getDb().task.findMany({ where: { persistentId: { in: ids } }, select: { persistentId: true } });
  const known = new Set(rows.map((row) => row.persistentId));
  return ids.find((id) => known.has(id)) ?? null;
}
