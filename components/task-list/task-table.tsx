import Link from "next/link";
import { OPERATION_LABELS, OPERATIONS, type Operation } from "@/lib/fmgr/cmd";
import { formatCount } from "@/lib/format";
import type { TaskSummary } from "@/lib/tasks/queries/list-tasks";
import { StateBadge } from "@/components/ui/state-badge";
import { TimeStamp } from "@/components/ui/time-stamp";

function operationLabel(op: string): string {
  return (OPERATIONS as readonly string[]).includes(op) ? OPERATION_LABELS[op as Operation] : op;
}

const taskHref = (task: TaskSummary) => `/tasks/${encodeURIComponent(task.persistentId)}`;

// The first failure, its key and error, and how many more: enough to triage from the
// list without opening every task.
function FirstFailure({ task }: { task: TaskSummary }) {
  if (!task.firstFailure) return <span className="text-slate-400">—</span>;
  const more = task.failedCount - 1;
  return (
    <span className="block min-w-0 break-words [overflow-wrap:anywhere]">
      {/* Clamped, so one huge key cannot make a row a screen tall; the task page has it all. */}
      {task.firstFailure.key ? <span className="line-clamp-2 font-mono" title={task.firstFailure.key}>{task.firstFailure.key}</span> : null}
      {task.firstFailure.error ? <span className="line-clamp-3 text-red-700 dark:text-red-300" title={task.firstFailure.error}>{task.firstFailure.error}</span> : null}
      {more > 0 ? <span className="text-xs text-slate-500">+{formatCount(more)} more</span> : null}
    </span>
  );
}

// A table from 640 px up; below that, one card per task, stacked. Links do not prefetch:
// fifty detail pages fetched ahead for a list nobody opens cost seconds.
export function TaskTable({ tasks }: { tasks: TaskSummary[] }) {
  return (
    <>
      <div className="hidden rounded-lg border border-slate-200 bg-white sm:block dark:border-slate-800 dark:bg-slate-900">
        <table className="w-full table-fixed text-left text-sm">
          <thead className="border-b border-slate-200 text-xs uppercase text-slate-500 dark:border-slate-800">
            <tr>
              <th scope="col" className="w-[30%] px-3 py-2 lg:w-[19.5rem]">persistentId</th>
              <th scope="col" className="w-32 px-3 py-2">State</th>
              <th scope="col" className="w-[12%] px-3 py-2">Bucket</th>
              <th scope="col" className="px-3 py-2">First failure</th>
              <th scope="col" className="w-24 px-3 py-2 text-right">Items</th>
              <th scope="col" className="w-36 px-3 py-2 lg:w-52">Last activity</th>
            </tr>
          </thead>
          <tbody>
            {tasks.map((task) => (
              <tr key={task.persistentId} className="border-b border-slate-100 align-top last:border-0 dark:border-slate-800">
                <td className="px-3 py-2 font-mono break-all">
                  <Link href={taskHref(task)} prefetch={false} className="hover:underline">
                    {task.persistentId}
                  </Link>
                  <span className="block text-xs text-slate-500">{task.ops.map(operationLabel).join(", ")}</span>
                  {task.callbackMissingAt ? <span className="block text-xs text-amber-700 dark:text-amber-300">callback missing</span> : null}
                </td>
                <td className="px-3 py-2">
                  <StateBadge state={task.state} />
                </td>
                <td className="px-3 py-2 break-all">
                  <span className="line-clamp-2" title={task.bucket ?? undefined}>{task.bucket ?? "—"}</span>
                </td>
                <td className="px-3 py-2">
                  <FirstFailure task={task} />
                </td>
                <td className="px-3 py-2 text-right tabular-nums">
                  {formatCount(task.itemCount)}
                  {task.failedCount > 0 ? <span className="block text-xs text-red-700 dark:text-red-300">{formatCount(task.failedCount)} failed</span> : null}
                </td>
                <td className="px-3 py-2">
                  <TimeStamp value={task.lastActivityAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ul className="space-y-2 sm:hidden" aria-label="Tasks">
        {tasks.map((task) => (
          <li key={task.persistentId} className="min-w-0 rounded-lg border border-slate-200 bg-white p-3 text-sm dark:border-slate-800 dark:bg-slate-900">
            <div className="flex min-w-0 flex-wrap items-center gap-2">
              <Link href={taskHref(task)} prefetch={false} className="min-w-0 break-all font-mono font-medium hover:underline">
                {task.persistentId}
              </Link>
              <StateBadge state={task.state} />
            </div>
            <p className="mt-1 break-all text-xs text-slate-500">
              {[task.bucket, task.ops.map(operationLabel).join(", ")].filter(Boolean).join(" · ")} · {formatCount(task.itemCount)} item(s)
              {task.failedCount > 0 ? `, ${formatCount(task.failedCount)} failed` : ""}
            </p>
            {task.firstFailure ? (
              <div className="mt-1">
                <FirstFailure task={task} />
              </div>
            ) : null}
            <p className="mt-1 text-xs text-slate-500">
              <TimeStamp value={task.lastActivityAt} />
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}
