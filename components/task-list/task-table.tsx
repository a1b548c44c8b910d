import Link from "next/link";
import { OPERATION_LABELS, OPERATIONS, type Operation } from "@/lib/fmgr/cmd";
import type { TaskSummary } from "@/lib/tasks/queries/list-tasks";
import { StateBadge } from "@/components/ui/state-badge";
import { TimeStamp } from "@/components/ui/time-stamp";

function operationLabel(op: string): string {
  return (OPERATIONS as readonly string[]).includes(op) ? OPERATION_LABELS[op as Operation] : op;
}

export function TaskTable({ tasks }: { tasks: TaskSummary[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <table className="w-full text-left text-sm">
        <thead className="border-b border-slate-200 text-xs uppercase text-slate-500 dark:border-slate-800">
          <tr>
            <th scope="col" className="px-3 py-2">persistentId</th>
            <th scope="col" className="px-3 py-2">State</th>
            <th scope="col" className="px-3 py-2">Operations</th>
            <th scope="col" className="px-3 py-2 text-right">Items</th>
            <th scope="col" className="px-3 py-2 text-right">Failed</th>
            <th scope="col" className="px-3 py-2">Last activity</th>
          </tr>
        </thead>
        <tbody>
          {tasks.map((task) => (
            <tr key={task.persistentId} className="border-b border-slate-100 last:border-0 dark:border-slate-800">
              <td className="px-3 py-2 font-mono">
                <Link href={`/tasks/${encodeURIComponent(task.persistentId)}`} className="hover:underline">
                  {task.persistentId}
                </Link>
                {task.callbackMissingAt ? <span className="ml-2 text-xs text-amber-700 dark:text-amber-300">callback missing</span> : null}
              </td>
              <td className="px-3 py-2">
                <StateBadge state={task.state} />
              </td>
              <td className="px-3 py-2">{task.ops.map(operationLabel).join(", ") || "—"}</td>
              <td className="px-3 py-2 text-right tabular-nums">{task.itemCount}</td>
              <td className="px-3 py-2 text-right tabular-nums">{task.failedCount}</td>
              <td className="px-3 py-2">
                <TimeStamp value={task.lastActivityAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
