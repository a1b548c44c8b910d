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

// Slack reads <, > and & in text as markup (<!channel> pings everyone); strings from the
// vendor are escaped so they stay text.
export function escapeSlackText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export type AlertSubject = {
  condition: AlertCondition;
  persistentId: string;
  state: TaskState;
  itemCount: number;
  failedCount: number;
  desc: string | null;
  taskUrl: string | null;
};

const HEADLINE: Record<AlertCondition, string> = {
  failed: "ended failed",
  partial: "ended partly failed",
  callback_missing: "finished at the vendor, but its callback never arrived",
};

// Slack-compatible incoming-webhook JSON: a text fallback and one section block.
export function alertMessage(subject: AlertSubject): { text: string; blocks: unknown[] } {
  const id = escapeSlackText(subject.persistentId);
  const name = subject.taskUrl ? `<${subject.taskUrl}|${id}>` : `\`${id}\``;
  const counts = `${subject.failedCount} of ${subject.itemCount} item(s) failed`;
  const desc = subject.desc ? `: ${escapeSlackText(subject.desc.slice(0, 300))}` : "";
  const text = `Fmgr task ${name} ${HEADLINE[subject.condition]} (${counts})${desc}`;
  return { text, blocks: [{ type: "section", text: { type: "mrkdwn", text } }] };
}
