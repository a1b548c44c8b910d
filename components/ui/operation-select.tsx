import { OPERATION_LABELS, OPERATIONS } from "@/lib/fmgr/cmd";

// A filter's "Operation" select (name "op"), "Any" first: the task list and a task's items.
export function OperationSelect({ defaultValue, className, labelClassName }: { defaultValue: string; className: string; labelClassName: string }) {
  return (
    <label className={labelClassName}>
      <span className="text-slate-600 dark:text-slate-400">Operation</span>
      <select name="op" defaultValue={defaultValue} className={className}>
        <option value="">Any</option>
        {OPERATIONS.map((op) => (
          <option key={op} value={op}>
            {OPERATION_LABELS[op]}
          </option>
        ))}
      </select>
    </label>
  );
}
