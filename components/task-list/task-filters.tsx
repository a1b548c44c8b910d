import Link from "next/link";
import { OperationSelect } from "@/components/ui/operation-select";
import type { StateCounts } from "@/lib/tasks/queries/state-counts";
import { TASK_STATES, type TaskState } from "@/lib/tasks/task-state";
import { FilterForm } from "./filter-form";
import { SearchBox } from "./search-box";
import { StateFacets } from "./state-facets";

// The filters as typed (a time stays "24h" or "2026-11-28 12:00", as in the address).
export type FilterValues = { q: string; states: string[]; op: string; since: string; until: string; limit: string; retried: string };

export function hrefWith(values: FilterValues, change: Partial<FilterValues>): string {
  const next = { ...values, ...change };
  const params = new URLSearchParams();
  if (next.q) params.set("q", next.q);
  if (next.states.length) params.set("state", next.states.join(","));
  if (next.op) params.set("op", next.op);
  if (next.since) params.set("since", next.since);
  if (next.until) params.set("until", next.until);
  if (next.limit) params.set("limit", next.limit);
  if (next.retried) params.set("retried", next.retried);
  const search = params.toString();
  return search ? `/tasks?${search}` : "/tasks";
}

const inputClass = "w-full rounded-md border border-slate-300 bg-transparent px-2 py-1.5 text-sm dark:border-slate-700";
const TIME_HINT = "UTC: 2026-11-28 12:00, or back from now: 30m, 6h, 7d";

function facetHrefs(values: FilterValues): Record<TaskState | "all", string> {
  const single = values.states.length === 1 ? values.states[0] : undefined;
  const hrefs = { all: hrefWith(values, { states: [] }) } as Record<TaskState | "all", string>;
  for (const state of TASK_STATES) hrefs[state] = hrefWith(values, { states: single === state ? [] : [state] });
  return hrefs;
}

export function TaskFilters({ values, counts }: { values: FilterValues; counts: StateCounts }) {
  const active = values.states.length === 0 ? "all" : values.states.length === 1 ? (values.states[0] as TaskState) : null;
  return (
    <div className="mb-4 space-y-3">
      <StateFacets initial={counts} hrefs={facetHrefs(values)} active={active} />
      <FilterForm>
        <SearchBox defaultValue={values.q} />
        {values.states.length ? <input type="hidden" name="state" value={values.states.join(",")} /> : null}
        {values.limit ? <input type="hidden" name="limit" value={values.limit} /> : null}
        <OperationSelect defaultValue={values.op} className={inputClass} labelClassName="flex min-w-0 flex-[1_1_9rem] flex-col gap-1 text-sm" />
        {/* One text field each, one Tab stop each: a date-time input takes seven. */}
        <label className="flex min-w-0 flex-[1_1_9rem] flex-col gap-1 text-sm">
          <span className="text-slate-600 dark:text-slate-400">Active since</span>
          <input name="since" defaultValue={values.since} placeholder="24h" title={TIME_HINT} aria-describedby="time-hint" autoComplete="off" className={inputClass} />
        </label>
        <label className="flex min-w-0 flex-[1_1_9rem] flex-col gap-1 text-sm">
          <span className="text-slate-600 dark:text-slate-400">until</span>
          <input name="until" defaultValue={values.until} placeholder="now" title={TIME_HINT} aria-describedby="time-hint" autoComplete="off" className={inputClass} />
        </label>
        <label className="inline-flex items-center gap-2 py-1.5 text-sm">
          <input type="checkbox" name="retried" value="no" defaultChecked={values.retried === "no"} />
          Failed, not yet retried
        </label>
        <button type="submit" className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white dark:bg-slate-100 dark:text-slate-900">
          Apply
        </button>
        <Link href="/tasks" prefetch={false} className="px-2 py-1.5 text-sm underline">
          Clear
        </Link>
      </FilterForm>
      <p id="time-hint" className="text-xs text-slate-500 dark:text-slate-400">
        Times: {TIME_HINT}.
      </p>
    </div>
  );
}
