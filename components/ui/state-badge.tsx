import { TASK_STATE_DESCRIPTIONS, TASK_STATE_LABELS, type TaskState } from "@/lib/tasks/task-state";

const TONES: Record<TaskState, string> = {
  pending: "bg-slate-100 text-slate-700 ring-slate-300 dark:bg-slate-800 dark:text-slate-200 dark:ring-slate-600",
  processing: "bg-sky-50 text-sky-800 ring-sky-300 dark:bg-sky-950 dark:text-sky-200 dark:ring-sky-700",
  succeeded: "bg-emerald-50 text-emerald-800 ring-emerald-300 dark:bg-emerald-950 dark:text-emerald-200 dark:ring-emerald-700",
  failed: "bg-red-50 text-red-800 ring-red-300 dark:bg-red-950 dark:text-red-200 dark:ring-red-700",
  partial: "bg-amber-50 text-amber-900 ring-amber-300 dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-700",
  unknown: "bg-slate-50 text-slate-600 ring-slate-200 dark:bg-slate-900 dark:text-slate-300 dark:ring-slate-700",
};

export function StateBadge({ state }: { state: TaskState }) {
  return (
    <span
      title={TASK_STATE_DESCRIPTIONS[state]}
      className={`inline-flex items-center whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset [overflow-wrap:normal] ${TONES[state]}`}
    >
      {TASK_STATE_LABELS[state]}
    </span>
  );
}
