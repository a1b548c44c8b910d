// How an alert reads in Slack (or anything that takes its incoming-webhook JSON).
import type { AlertCondition } from "@/lib/tasks/ingest/alert-conditions";
import type { TaskState } from "@/lib/tasks/task-state";

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
