"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { useRefreshInterval } from "@/components/preferences/use-preference";
import type { TaskPage } from "@/lib/tasks/queries/list-tasks";
import { taskKeys } from "@/lib/tasks/query-keys";
import { EmptyState } from "@/components/ui/empty-state";
import { FOCUS_RESULTS_FLAG } from "./filter-form";
import { TaskTable } from "./task-table";

async function fetchPage(search: string): Promise<TaskPage> {
  const response = await fetch(`/api/tasks?${search}`, { cache: "no-store" });
  if (!response.ok) throw new Error(`The list could not be reloaded (HTTP ${response.status}).`);
  return (await response.json()) as TaskPage;
}

// Focus arrives on the results after a search, so a keyboard or screen-reader user
// starts where the answer is.
function useFocusAfterSearch() {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    try {
      if (sessionStorage.getItem(FOCUS_RESULTS_FLAG) === null) return;
      sessionStorage.removeItem(FOCUS_RESULTS_FLAG);
    } catch {
      return;
    }
    heading.current?.focus();
  }, []);
  return heading;
}

// The first page follows new activity by polling at the interval chosen in the header
// (paused while the tab is hidden); later pages are fixed by their cursor and never
// shift under the reader.
export function LiveTaskList({ initial, search, isFirstPage }: { initial: TaskPage; search: string; isFirstPage: boolean }) {
  const interval = useRefreshInterval();
  const heading = useFocusAfterSearch();
  const { data, error, dataUpdatedAt } = useQuery({
    queryKey: taskKeys.list(search),
    queryFn: () => fetchPage(search),
    initialData: initial,
    refetchInterval: isFirstPage ? interval : false,
  });
  return (
    <section aria-labelledby="results-heading">
      <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="results-heading" ref={heading} tabIndex={-1} className="text-lg font-semibold outline-none focus-visible:ring-2 focus-visible:ring-sky-500">
          {data.tasks.length === 0 ? "No tasks" : `${data.tasks.length.toLocaleString("en")} task${data.tasks.length === 1 ? "" : "s"}${data.nextCursor ? " on this page" : ""}`}
        </h2>
        <span aria-live="polite" className="text-xs text-slate-500 dark:text-slate-400">
          {error
            ? `${error.message} Showing the last list.`
            : `${isFirstPage ? (interval ? `Live, every ${interval / 1000} s` : "Live updates off") : "Live updates apply to the first page"} · updated ${new Date(dataUpdatedAt).toISOString().slice(11, 19)} UTC`}
        </span>
      </div>
      {data.tasks.length === 0 ? (
        <EmptyState title="No tasks match">Try fewer filters, or ask the vendor about a persistentId below.</EmptyState>
      ) : (
        <TaskTable tasks={data.tasks} />
      )}
    </section>
  );
}
