import type { TaskState } from "@/lib/fmgr/codes";

export type TaskStateName = TaskState;

// The derived states of SPEC section 4, in the order the dashboard lists them.
export const TASK_STATES = ["processing", "failed", "partial", "succeeded", "pending", "unknown"] as const satisfies readonly TaskState[];

export const TASK_STATE_LABELS: Record<TaskStateName, string> = {
  pending: "Pending",
  processing: "Processing",
  succeeded: "Succeeded",
  failed: "Failed",
  partial: "Partial",
  unknown: "Unknown",
};

export const TASK_STATE_DESCRIPTIONS: Record<TaskStateName, string> = {
  pending: "Every item is waiting to start",
  processing: "Some item is pending or still running",
  succeeded: "Every item succeeded",
  failed: "Every item failed",
  partial: "All items finished, some failed",
  unknown: "No items reported yet",
};
