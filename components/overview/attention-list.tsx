import Link from "next/link";
import { formatCount } from "@/lib/format";
import type { AttentionReason, AttentionTask } from "@/lib/tasks/queries/overview";
import { EmptyState } from "@/components/ui/empty-state";
import { StateBadge } from "@/components/ui/state-badge";
import { TimeStamp } from "@/components/ui/time-stamp";

function span(ms: number): string {
  if (ms % 3_600_000 === 0) return ms === 3_600_000 ? "an hour" : `${ms / 3_600_000} hours`;
  return ms % 60_000 === 0 ? `${ms / 60_000} min` : `${Math.round(ms / 1000)} s`;
}

function reasonLabel(task: AttentionTask, stuckAfterMs: number): string {
  const labels: Record<AttentionReason, string> = {
    callback_missing: "Callback missing",
    lookup_failing: "Lookups failing since",
    stuck: `No news for over ${span(stuckAfterMs)}, since`,
    failed: "Failed",
    partial: "Partly failed",
  };
  return labels[task.reason];
}

function Detail({ task }: { task: AttentionTask }) {
  if (task.reason === "lookup_failing") {
    return (
      <span className="min-w-0 break-words text-slate-600 [overflow-wrap:anywhere] dark:text-slate-400">
        {formatCount(task.lookupFailures)} attempt{task.lookupFailures === 1 ? "" : "s"}
        {task.lastLookupMessage ? `: ${task.lastLookupMessage}` : ""}
      </span>
    );
  }
  return (
    <span className="text-slate-500 tabular-nums">
      {formatCount(task.failedCount)} of {formatCount(task.itemCount)} failed
    </span>
  );
}

export function AttentionList({ tasks, stuckAfterMs }: { tasks: AttentionTask[]; stuckAfterMs: number }) {
  if (tasks.length === 0) {
    return <EmptyState title="Nothing needs attention">No failed or partial tasks, no missing callbacks, no failing lookups, nothing stuck.</EmptyState>;
  }
  return (
    <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
      {tasks.map((task) => (
        <li key={`${task.reason}-${task.persistentId}`} className="flex min-w-0 flex-wrap items-center gap-x-3 gap-y-1 px-4 py-2 text-sm" data-reason={task.reason}>
          <span className="font-medium">
            {reasonLabel(task, stuckAfterMs)} {task.reason === "stuck" || task.reason === "lookup_failing" ? <TimeStamp value={task.at} /> : null}
          </span>
          <Link href={`/tasks/${encodeURIComponent(task.persistentId)}`} prefetch={false} className="min-w-0 break-all font-mono hover:underline">
            {task.persistentId}
          </Link>
          <StateBadge state={task.state} />
          <Detail task={task} />
          {task.reason === "stuck" || task.reason === "lookup_failing" ? null : (
            <span className="ml-auto text-slate-500">
              <TimeStamp value={task.at} />
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}
