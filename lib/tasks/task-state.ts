// The derived state of a task: what the dashboard shows, and what only moves forward as
// callbacks and lookups arrive (docs/protocol.md, "Task state"). Client-safe: pages and
// components import the names and labels from here.
import { describeItemCode, type CodeClass } from "@/lib/fmgr/codes";

// In the order the dashboard lists them.
export const TASK_STATES = ["processing", "failed", "partial", "succeeded", "pending", "unknown"] as const;

export type TaskState = (typeof TASK_STATES)[number];

// Every item has finished: nothing more will change unless the task is run again.
export const FINAL_STATES: ReadonlySet<TaskState> = new Set(["succeeded", "failed", "partial"]);

export function isFinalState(state: TaskState): boolean {
  return FINAL_STATES.has(state);
}

export const TASK_STATE_LABELS: Record<TaskState, string> = {
  pending: "Pending",
  processing: "Processing",
  succeeded: "Succeeded",
  failed: "Failed",
  partial: "Partial",
  unknown: "Unknown",
};

export const TASK_STATE_DESCRIPTIONS: Record<TaskState, string> = {
  pending: "Every item is waiting to start",
  processing: "Some item is pending or still running",
  succeeded: "Every item succeeded",
  failed: "Every item failed",
  partial: "All items finished, some failed",
  unknown: "No items reported yet",
};

// Every item we know of is finished, but the vendor says more are coming: a separate
// notification coded 1, or a lookup that says pending or processing with no callback
// yet. A lookup that says "completed" or later settles it either way.
function saysStillRunning(options: { lookupCode?: number | null; callbackCode?: number | null }): boolean {
  const lookupSaysDone = options.lookupCode !== null && options.lookupCode !== undefined && options.lookupCode >= 3;
  if (options.callbackCode === 1) return !lookupSaysDone;
  const hasCallback = options.callbackCode !== null && options.callbackCode !== undefined;
  return !hasCallback && (options.lookupCode === 0 || options.lookupCode === 1);
}

export function deriveTaskState(options: {
  itemCodes: readonly (number | null)[];
  lookupCode?: number | null;
  callbackCode?: number | null;
}): TaskState {
  const counts: Record<CodeClass, number> = { pending: 0, processing: 0, succeeded: 0, failed: 0, unknown: 0 };
  for (const code of options.itemCodes) counts[describeItemCode(code).class]++;
  return deriveStateFromCounts({ ...options, counts });
}

// The same, from how many items are in each class: what the projector keeps as it goes.
export function deriveStateFromCounts(options: {
  counts: Readonly<Record<CodeClass, number>>;
  lookupCode?: number | null;
  callbackCode?: number | null;
}): TaskState {
  const { counts } = options;
  const total = counts.pending + counts.processing + counts.succeeded + counts.failed + counts.unknown;
  if (total === 0) {
    if (options.lookupCode === 0) return "pending";
    if (options.lookupCode === 1 || options.callbackCode === 1) return "processing";
    return "unknown";
  }
  if (counts.pending === total) return "pending";
  if (counts.pending + counts.processing > 0) return "processing";
  if (counts.unknown > 0) return "unknown";
  if (saysStillRunning(options)) return "processing";
  if (counts.succeeded === total) return "succeeded";
  if (counts.failed === total) return "failed";
  return "partial";
}
