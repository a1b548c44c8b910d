import type { TaskState } from "@/lib/tasks/task-state";

export const ALERT_CONDITIONS = ["failed", "partial", "callback_missing"] as const;
export type AlertCondition = (typeof ALERT_CONDITIONS)[number];

// What a change of a task deserves an alert for: ending failed or partial, or its
// callback going missing. Only a change raises one, so switching alerts on over a full
// database does not page anyone for last month's failures.
export function alertConditionsFor(change: {
  stateBefore: TaskState;
  stateAfter: TaskState;
  wasCallbackMissing: boolean;
  isCallbackMissing: boolean;
}): AlertCondition[] {
  const conditions: AlertCondition[] = [];
  if (change.stateAfter !== change.stateBefore && (change.stateAfter === "failed" || change.stateAfter === "partial")) {
    conditions.push(change.stateAfter);
  }
  if (change.isCallbackMissing && !change.wasCallbackMissing) conditions.push("callback_missing");
  return conditions;
}
