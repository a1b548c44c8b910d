import type { TaskDetail } from "@/lib/tasks/queries/get-task-detail";
import { formatCount } from "@/lib/format";
import { OUTCOME_LABELS } from "./lookup-history";
import { StateBadge } from "@/components/ui/state-badge";
import { TimeStamp } from "@/components/ui/time-stamp";

function When({ label, value }: { label: string; value: string | null }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-slate-500 dark:text-slate-400">{label}</dt>
      <dd className="text-sm">{value ? <TimeStamp value={value} /> : "never"}</dd>
    </div>
  );
}

export function TaskSummary({ task }: { task: TaskDetail["task"] }) {
  return (
    <section aria-label="Task summary" className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <div className="flex flex-wrap items-center gap-2">
        <StateBadge state={task.state} />
        {task.callbackMissingAt ? (
          <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900 dark:bg-amber-900 dark:text-amber-100">
            Callback missing: the vendor says it notified, nothing arrived
          </span>
        ) : null}
        {task.separate ? <span className="text-xs text-slate-500">separate notifications</span> : null}
      </div>
      {task.lookupFailingSince ? (
        <p role="status" className="mt-2 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100">
          Lookups failing since <TimeStamp value={task.lookupFailingSince} />, {formatCount(task.lookupFailures)} attempt{task.lookupFailures === 1 ? "" : "s"}
          {task.lastLookup ? `: ${task.lastLookup.message}` : ""}
        </p>
      ) : null}
      <dl className="mt-3 grid grid-cols-1 gap-x-6 gap-y-2 sm:grid-cols-2 lg:grid-cols-4">
        <div className="min-w-0">
          <dt className="text-xs text-slate-500 dark:text-slate-400">Last callback code</dt>
          <dd className="text-sm">{task.callbackCode ? `${task.callbackCode.code} · ${task.callbackCode.label}` : "none"}</dd>
        </div>
        <div className="min-w-0">
          <dt className="text-xs text-slate-500 dark:text-slate-400">Last lookup code</dt>
          <dd className="text-sm">{task.lookupCode ? `${task.lookupCode.code} · ${task.lookupCode.label}` : "none"}</dd>
        </div>
        <div className="min-w-0">
          <dt className="text-xs text-slate-500 dark:text-slate-400">Items</dt>
          <dd className="text-sm tabular-nums">
            {formatCount(task.itemCount)} ({formatCount(task.failedCount)} failed)
          </dd>
        </div>
        <div className="min-w-0">
          <dt className="text-xs text-slate-500 dark:text-slate-400">Description</dt>
          <dd className="break-words text-sm [overflow-wrap:anywhere]">{task.desc ?? "none"}</dd>
        </div>
        <When label="First seen" value={task.firstSeenAt} />
        <When label="Last callback" value={task.lastCallbackAt} />
        <div className="min-w-0">
          <dt className="text-xs text-slate-500 dark:text-slate-400">Last lookup</dt>
          <dd className="text-sm" data-testid="last-lookup">
            {task.lastLookup ? (
              <>
                <TimeStamp value={task.lastLookup.at} />{" "}
                <span className={task.lastLookup.outcome === "ok" ? "" : "font-medium text-red-700 dark:text-red-300"}>
                  {OUTCOME_LABELS[task.lastLookup.outcome] ?? task.lastLookup.outcome}
                </span>
              </>
            ) : (
              "never"
            )}
          </dd>
        </div>
        <When label="Next automatic lookup" value={task.nextCheckAt} />
      </dl>
    </section>
  );
}
