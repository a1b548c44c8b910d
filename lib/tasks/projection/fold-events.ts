// How events change a task: the derivation the projector applies in batches and a rebuild
// replays from the start (pure; projector.ts and reproject.ts do the I/O). Everything it
// reads is in the task's row, its items and the events, and every time it writes is an
// event's arrival time, so applying a task's events in any number of batches gives the
// same task as applying them all at once (the property in fold-events.test.ts).
// No "server-only": the benchmark's bare server and the unit tests run it too.
import { mayReplaceTaskCode } from "@/lib/fmgr/codes";
import type { TaskDocument } from "@/lib/fmgr/task-document";
import { deriveStateFromCounts, type TaskState } from "@/lib/tasks/task-state";
import { alertConditionsFor, type AlertCondition } from "@/lib/tasks/ingest/alert-conditions";
import { isCallbackMissing, scheduleNextCheck, type ScheduleSettings } from "@/lib/tasks/ingest/check-schedule";
import { identityOfRow, mergeDocument, type ItemRow, type ItemState } from "@/lib/tasks/ingest/merge-items";

export type EventSourceName = "callback" | "lookup" | "reconcile";

// The task's columns that events derive. The rest of its row (its lookup history, the
// reconciler's claim, a retry's link) is written elsewhere and never touched here.
export type TaskView = {
  state: TaskState;
  callbackCode: number | null;
  lookupCode: number | null;
  desc: string | null;
  separate: boolean;
  ops: string[];
  itemCount: number;
  pendingCount: number;
  processingCount: number;
  succeededCount: number;
  failedCount: number;
  unknownCount: number;
  firstSeenAt: Date;
  updatedAt: Date;
  progressAt: Date;
  lastActivityAt: Date;
  lastCallbackAt: Date | null;
  lastCheckedAt: Date | null;
  nextCheckAt: Date | null;
  checkAttempts: number;
  callbackMissingAt: Date | null;
};

export type ProjectionEvent = { source: EventSourceName; document: TaskDocument; receivedAt: Date };

export type ProjectionSettings = ScheduleSettings & { alertsEnabled: boolean };

// An item row to write, with the arrival time of the event that wrote it (its updated_at,
// and its first_seen_at when new): event times, never the clock, so a rebuild writes the
// same rows.
export type ItemWrite = ItemRow & { at: Date };

// A task while its events are applied: the view so far, its items, the item rows changed
// (by identity: a later event's row replaces an earlier one's) and the alerts raised.
export type Projection = { view: TaskView; items: ItemState; writes: Map<string, ItemWrite>; alerts: Set<AlertCondition> };

// A task no event has touched: what the append statement creates, and where a rebuild
// starts from.
export function emptyView(firstSeenAt: Date): TaskView {
  return {
    state: "unknown",
    callbackCode: null,
    lookupCode: null,
    desc: null,
    separate: false,
    ops: [],
    itemCount: 0,
    pendingCount: 0,
    processingCount: 0,
    succeededCount: 0,
    failedCount: 0,
    unknownCount: 0,
    firstSeenAt,
    updatedAt: firstSeenAt,
    progressAt: firstSeenAt,
    lastActivityAt: firstSeenAt,
    lastCallbackAt: null,
    lastCheckedAt: null,
    nextCheckAt: null,
    checkAttempts: 0,
    callbackMissingAt: null,
  };
}

export function startProjection(view: TaskView, items: ItemState): Projection {
  return { view, items, writes: new Map(), alerts: new Set() };
}

const maxDate = (a: Date, b: Date) => (a.getTime() >= b.getTime() ? a : b);

// One event, applied: items merged with codes moved forward, the task code kept per
// family, the state derived from the counts, the schedule and the alerts.
export function applyEvent(projection: Projection, event: ProjectionEvent, settings: ProjectionSettings): void {
  const before = projection.view;
  const { document, receivedAt: now } = event;
  for (const row of mergeDocument(projection.items, document)) projection.writes.set(identityOfRow(row), { ...row, at: now });

  const { counts } = projection.items;
  const family = event.source === "callback" ? "callback" : "lookup";
  const takesCode = mayReplaceTaskCode(family, family === "callback" ? before.callbackCode : before.lookupCode, document.code);
  const callbackCode = family === "callback" && takesCode ? document.code : before.callbackCode;
  const lookupCode = family === "lookup" && takesCode ? document.code : before.lookupCode;
  const state = deriveStateFromCounts({ counts, lookupCode, callbackCode });
  const isCallback = event.source === "callback";
  const itemCount = projection.items.items.size;
  const schedule = scheduleNextCheck({ state, source: event.source, previousAttempts: before.checkAttempts, firstSeenAt: before.firstSeenAt, now, settings });
  const callbackMissing = isCallbackMissing({ lookupCode, hasCallback: isCallback || before.lastCallbackAt !== null });
  // News: a callback, or a change of state or counts. A lookup that finds nothing new is
  // not, so a task the vendor keeps calling "processing" shows as stuck.
  const isNews =
    isCallback || state !== before.state || itemCount !== before.itemCount || counts.pending !== before.pendingCount ||
    counts.processing !== before.processingCount || counts.succeeded !== before.succeededCount ||
    counts.failed !== before.failedCount || counts.unknown !== before.unknownCount;

  projection.view = {
    state,
    callbackCode,
    lookupCode,
    desc: takesCode && document.desc !== null ? document.desc : before.desc,
    separate: before.separate || document.separate,
    ops: [...projection.items.ops].sort(),
    itemCount,
    pendingCount: counts.pending,
    processingCount: counts.processing,
    succeededCount: counts.succeeded,
    failedCount: counts.failed,
    unknownCount: counts.unknown,
    firstSeenAt: before.firstSeenAt,
    updatedAt: now,
    progressAt: isNews ? now : before.progressAt,
    lastActivityAt: maxDate(before.lastActivityAt, now),
    lastCallbackAt: isCallback ? now : before.lastCallbackAt,
    lastCheckedAt: isCallback ? before.lastCheckedAt : now,
    nextCheckAt: schedule.nextCheckAt,
    checkAttempts: schedule.checkAttempts,
    callbackMissingAt: callbackMissing ? (before.callbackMissingAt ?? now) : null,
  };
  if (settings.alertsEnabled) {
    const raised = alertConditionsFor({ stateBefore: before.state, stateAfter: state, wasCallbackMissing: before.callbackMissingAt !== null, isCallbackMissing: callbackMissing });
    for (const condition of raised) projection.alerts.add(condition);
  }
}
