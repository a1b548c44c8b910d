// When the reconciler should next look a task up unasked (docs/protocol.md, "Status lookups"): never once
// it is final or too old to chase; a while after the last news otherwise, backing off
// while the vendor keeps saying "still running".
import { isFinalState, type TaskState } from "@/lib/tasks/task-state";

export type ScheduleSettings = { staleAfterMs: number; maxBackoffMs: number; maxAgeMs: number };

export type CheckSchedule = { nextCheckAt: Date | null; checkAttempts: number };


export function backoffDelay(attempts: number, settings: ScheduleSettings): number {
  return Math.min(settings.staleAfterMs * 2 ** Math.min(attempts, 20), settings.maxBackoffMs);
}

export function scheduleNextCheck(options: {
  state: TaskState;
  source: "callback" | "lookup" | "reconcile";
  previousAttempts: number;
  firstSeenAt: Date;
  now: Date;
  settings: ScheduleSettings;
}): CheckSchedule {
  const { now, settings } = options;
  if (isFinalState(options.state)) return { nextCheckAt: null, checkAttempts: 0 };
  if (now.getTime() - options.firstSeenAt.getTime() > settings.maxAgeMs) return { nextCheckAt: null, checkAttempts: options.previousAttempts };
  // News from a callback or a person resets the clock; an unasked look that found the
  // task still running waits longer each time.
  const attempts = options.source === "reconcile" ? options.previousAttempts + 1 : 0;
  const delay = attempts === 0 ? settings.staleAfterMs : backoffDelay(attempts, settings);
  return { nextCheckAt: new Date(now.getTime() + delay), checkAttempts: attempts };
}

// The vendor says it notified us (6) or gave up notifying (5), yet no callback came.
export function isCallbackMissing(options: { lookupCode: number | null; hasCallback: boolean }): boolean {
  return !options.hasCallback && (options.lookupCode === 5 || options.lookupCode === 6);
}
