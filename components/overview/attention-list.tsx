import Link from "next/link";
import type { AttentionReason, AttentionTask } from "@/lib/tasks/queries/overview";
import { EmptyState } from "@/components/ui/empty-state";
import { StateBadge } from "@/components/ui/state-badge";
import { TimeStamp } from "@/components/ui/time-stamp";

const REASONS: Record<AttentionReason, string> = {
  callback_missing: "Callback missing",
  failed: "Failed",
  partial: "Partly failed",
  stuck: "Running for over an hour without news",
};

export function AttentionList({ tasks }: { tasks: AttentionTask[] }) {
  if (tasks.length === 0) {
    return <EmptyState title="Nothing needs attention">No failed or partial tasks, no missing callbacks, nothing stuck.</EmptyState>;
  }
  return (
    <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
      {tasks.map((task) => (
        <li key={`${task.reason}-${task.persistentId}`} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-4 py-2 text-sm">
          <span className="w-56 font-medium">{REASONS[task.reason]}</span>
          <Link href={`/tasks/${encodeURIComponent(task.persistentId)}`} className="font-mono hover:underline">
            {task.persistentId}
          </Link>
          <StateBadge state={task.state} />
          <span className="text-slate-500 tabular-nums">
            {task.failedCount} of {task.itemCount} failed
          </span>
          <span className="ml-auto text-slate-500">
            <TimeStamp value={task.at} />
          </span>
        </li>
      ))}
    </ul>
  );
}
