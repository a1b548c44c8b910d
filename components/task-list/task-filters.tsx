import Link from "next/link";
import { OPERATION_LABELS, OPERATIONS } from "@/lib/fmgr/cmd";
import type { StateCounts } from "@/lib/tasks/queries/state-counts";
import { TASK_STATE_LABELS, TASK_STATES } from "@/lib/tasks/task-state";
import { SearchBox } from "./search-box";

export type FilterValues = { q: string; states: string[]; op: string; since: string; until: string; limit: string };

// datetime-local has no zone; the list reads a zoneless time as UTC, and says so.
export function toLocalInput(value: Date | undefined): string {
  return value ? value.toISOString().slice(0, 16) : "";
}

export function hrefWith(values: FilterValues, change: Partial<FilterValues>): string {
  const next = { ...values, ...change };
  const params = new URLSearchParams();
  if (next.q) params.set("q", next.q);
  if (next.states.length) params.set("state", next.states.join(","));
  if (next.op) params.set("op", next.op);
  if (next.since) params.set("since", next.since);
  if (next.until) params.set("until", next.until);
  if (next.limit) params.set("limit", next.limit);
  const search = params.toString();
  return search ? `/tasks?${search}` : "/tasks";
}

const inputClass = "rounded-md border border-slate-300 bg-transparent px-2 py-1.5 text-sm dark:border-slate-700";

export function TaskFilters({ values, counts }: { values: FilterValues; counts: StateCounts }) {
  const total = TASK_STATES.reduce((sum, state) => sum + counts[state], 0);
  const facet = (isActive: boolean) =>
    `rounded-full px-3 py-1 text-xs font-medium ring-1 ring-inset ${
      isActive ? "bg-slate-900 text-white ring-slate-900 dark:bg-slate-100 dark:text-slate-900" : "ring-slate-300 hover:bg-slate-100 dark:ring-slate-700 dark:hover:bg-slate-800"
    }`;
  return (
    <div className="mb-4 space-y-3">
      <nav aria-label="Filter by state" className="flex flex-wrap gap-2">
        <Link href={hrefWith(values, { states: [] })} aria-current={values.states.length === 0 ? "true" : undefined} className={facet(values.states.length === 0)}>
          All <span className="tabular-nums">{total.toLocaleString("en")}</span>
        </Link>
        {TASK_STATES.map((state) => {
          const isActive = values.states.length === 1 && values.states[0] === state;
          return (
            <Link key={state} href={hrefWith(values, { states: isActive ? [] : [state] })} aria-current={isActive ? "true" : undefined} className={facet(isActive)}>
              {TASK_STATE_LABELS[state]} <span className="tabular-nums">{counts[state].toLocaleString("en")}</span>
            </Link>
          );
        })}
      </nav>
      <form method="get" action="/tasks" className="flex flex-wrap items-end gap-2" role="search">
        <SearchBox defaultValue={values.q} />
        {values.states.length ? <input type="hidden" name="state" value={values.states.join(",")} /> : null}
        {values.limit ? <input type="hidden" name="limit" value={values.limit} /> : null}
        <label className="flex flex-col gap-1 text-sm">
          <span className="text-slate-600 dark:text-slate-400">Operation</span>
          <select name="op" defaultValue={values.op} className={inputClass}>
            <option value="">Any</option>
            {OPERATIONS.map((op) => (
              <option key={op} value={op}>
                {OPERATION_LABELS[op]}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-sm">
          <span className="text-slate-600 dark:text-slate-400">Active since (UTC)</span>
          <input type="datetime-local" name="since" defaultValue={values.since} className={inputClass} />
        </label>
        <label className="flex flex-col gap-1 text-sm">
          <span className="text-slate-600 dark:text-slate-400">until (UTC)</span>
          <input type="datetime-local" name="until" defaultValue={values.until} className={inputClass} />
        </label>
        <button type="submit" className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white dark:bg-slate-100 dark:text-slate-900">
          Apply
        </button>
        <Link href="/tasks" className="px-2 py-1.5 text-sm underline">
          Clear
        </Link>
      </form>
    </div>
  );
}
