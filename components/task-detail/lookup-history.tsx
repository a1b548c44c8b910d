import type { TaskDetail } from "@/lib/tasks/queries/get-task-detail";
import { TimeStamp } from "@/components/ui/time-stamp";

const TRIGGERS: Record<string, string> = { manual: "Refresh", automatic: "Automatic", import: "Import" };

export const OUTCOME_LABELS: Record<string, string> = {
  ok: "answered",
  refused: "refused",
  timeout: "timed out",
  unreachable: "unreachable",
  invalid_answer: "invalid answer",
  not_configured: "not configured",
  error: "not stored",
};

// Every attempt to ask the vendor, the failed ones too, newest first.
export function LookupHistory({ lookups }: { lookups: TaskDetail["lookups"] }) {
  if (lookups.length === 0) return <p className="text-sm text-slate-600 dark:text-slate-400">Nobody has asked the vendor about this task yet.</p>;
  return (
    <ol className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
      {lookups.map((lookup) => (
        <li key={lookup.id} className="flex min-w-0 flex-wrap items-baseline gap-x-3 gap-y-1 px-3 py-2">
          <TimeStamp value={lookup.at} />
          <span className="font-medium">{TRIGGERS[lookup.trigger] ?? lookup.trigger}</span>
          <span className={lookup.outcome === "ok" ? "text-emerald-700 dark:text-emerald-300" : "font-medium text-red-700 dark:text-red-300"}>
            {OUTCOME_LABELS[lookup.outcome] ?? lookup.outcome}
          </span>
          <span className="min-w-0 break-words text-slate-600 [overflow-wrap:anywhere] dark:text-slate-400">{lookup.message}</span>
          <span className="text-xs tabular-nums text-slate-500">{lookup.durationMs.toLocaleString("en")} ms</span>
        </li>
      ))}
    </ol>
  );
}
