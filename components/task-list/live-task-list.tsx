"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { TaskPage } from "@/lib/tasks/queries/list-tasks";
import { taskKeys } from "@/lib/tasks/query-keys";
import { EmptyState } from "@/components/ui/empty-state";
import { TaskTable } from "./task-table";

const POLL_MS = 5_000;

async function fetchPage(search: string): Promise<TaskPage> {
  const response = await fetch(`/api/tasks?${search}`, { cache: "no-store" });
  if (!response.ok) throw new Error(`The list could not be reloaded (HTTP ${response.status}).`);
  return (await response.json()) as TaskPage;
}

// The first page follows new activity by polling (paused while the tab is hidden, and
// by the toggle); later pages are fixed by their cursor and never shift under the reader.
export function LiveTaskList({ initial, search, isFirstPage }: { initial: TaskPage; search: string; isFirstPage: boolean }) {
  const [isLive, setIsLive] = useState(true);
  const { data, error, dataUpdatedAt } = useQuery({
    queryKey: taskKeys.list(search),
    queryFn: () => fetchPage(search),
    initialData: initial,
    refetchInterval: isLive && isFirstPage ? POLL_MS : false,
  });
  return (
    <div>
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2 text-xs text-slate-500 dark:text-slate-400">
        {isFirstPage ? (
          <label className="inline-flex items-center gap-2">
            <input type="checkbox" checked={isLive} onChange={(event) => setIsLive(event.target.checked)} />
            Live updates {isLive ? `(every ${POLL_MS / 1000} s)` : "(paused)"}
          </label>
        ) : (
          <span>Live updates apply to the first page.</span>
        )}
        <span aria-live="polite">
          {error ? `${error.message} Showing the last list.` : `Updated ${new Date(dataUpdatedAt).toISOString().slice(11, 19)} UTC`}
        </span>
      </div>
      {data.tasks.length === 0 ? (
        <EmptyState title="No tasks match">Try fewer filters, or ask the vendor about a persistentId above.</EmptyState>
      ) : (
        <TaskTable tasks={data.tasks} />
      )}
    </div>
  );
}
