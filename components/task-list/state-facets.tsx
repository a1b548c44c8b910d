"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRefreshInterval } from "@/components/preferences/use-preference";
import { formatCount } from "@/lib/format";
import type { StateCounts } from "@/lib/tasks/queries/state-counts";
import { taskKeys } from "@/lib/tasks/query-keys";
import { TASK_STATE_LABELS, TASK_STATES, type TaskState } from "@/lib/tasks/task-state";

async function fetchCounts(): Promise<StateCounts> {
  const response = await fetch("/api/task-counts", { cache: "no-store" });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return ((await response.json()) as { counts: StateCounts }).counts;
}

// The live state counts: refreshed with the list, at the interval chosen in the header,
// paused while the tab is hidden.
function useStateCounts(initial: StateCounts): StateCounts {
  const interval = useRefreshInterval();
  return useQuery({ queryKey: taskKeys.counts, queryFn: fetchCounts, initialData: initial, refetchInterval: interval }).data;
}

// hrefs come from the server (the filters other than state stay as they are).
export function StateFacets({ initial, hrefs, active }: { initial: StateCounts; hrefs: Record<TaskState | "all", string>; active: TaskState | "all" | null }) {
  const counts = useStateCounts(initial);
  const total = TASK_STATES.reduce((sum, state) => sum + counts[state], 0);
  const facet = (isActive: boolean) =>
    `rounded-full px-3 py-1 text-xs font-medium ring-1 ring-inset ${
      isActive ? "bg-slate-900 text-white ring-slate-900 dark:bg-slate-100 dark:text-slate-900" : "ring-slate-300 hover:bg-slate-100 dark:ring-slate-700 dark:hover:bg-slate-800"
    }`;
  return (
    <nav aria-label="Filter by state" className="flex flex-wrap gap-2">
      <Link href={hrefs.all} prefetch={false} aria-current={active === "all" ? "true" : undefined} className={facet(active === "all")}>
        All <span className="tabular-nums">{formatCount(total)}</span>
      </Link>
      {TASK_STATES.map((state) => (
        <Link key={state} href={hrefs[state]} prefetch={false} aria-current={active === state ? "true" : undefined} className={facet(active === state)}>
          {TASK_STATE_LABELS[state]} <span className="tabular-nums" data-testid={`facet-${state}`}>{formatCount(counts[state])}</span>
        </Link>
      ))}
    </nav>
  );
}
