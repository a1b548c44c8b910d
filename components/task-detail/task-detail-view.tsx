"use client";

import { useQuery } from "@tanstack/react-query";
import type { TaskDetail } from "@/lib/tasks/queries/get-task-detail";
import { taskKeys } from "@/lib/tasks/query-keys";
import { isFinalState } from "@/lib/tasks/task-state";
import { EventTimeline } from "./event-timeline";
import { ItemCard } from "./item-card";
import { ExportLinks } from "@/components/ui/export-links";
import { RefreshButton } from "./refresh-button";
import { TaskSummary } from "./task-summary";

const POLL_MS = 5_000;

async function fetchDetail(persistentId: string): Promise<TaskDetail> {
  const response = await fetch(`/api/tasks/${encodeURIComponent(persistentId)}`, { cache: "no-store" });
  if (!response.ok) throw new Error(`The task could not be reloaded (HTTP ${response.status}).`);
  return (await response.json()) as TaskDetail;
}

// Server-rendered first; while the task is still running it is polled (React Query
// stops while the tab is hidden), and a refresh from the vendor reloads it at once.
export function TaskDetailView({ initial }: { initial: TaskDetail }) {
  const persistentId = initial.task.persistentId;
  const { data, error } = useQuery({
    queryKey: taskKeys.detail(persistentId),
    queryFn: () => fetchDetail(persistentId),
    initialData: initial,
    refetchInterval: (query) => (query.state.data && isFinalState(query.state.data.task.state) ? false : POLL_MS),
  });
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <h1 className="break-all font-mono text-xl font-semibold">{persistentId}</h1>
        <RefreshButton persistentId={persistentId} />
      </div>
      {error ? (
        <p role="status" className="text-sm text-amber-800 dark:text-amber-200">
          {error.message} Showing what was loaded last.
        </p>
      ) : null}
      <TaskSummary task={data.task} />
      <section aria-labelledby="items-heading">
        <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="items-heading" className="text-lg font-semibold">
            Items
          </h2>
          {data.items.length > 0 ? (
            <ExportLinks path={`/api/exports/tasks/${encodeURIComponent(persistentId)}/items`} search={new URLSearchParams()} label="Export the items:" />
          ) : null}
        </div>
        {data.items.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">No items reported yet.</p>
        ) : (
          <ol className="space-y-3">
            {data.items.map((item) => (
              <ItemCard key={`${item.index}-${item.cmd}`} item={item} />
            ))}
          </ol>
        )}
      </section>
      <section aria-labelledby="history-heading">
        <h2 id="history-heading" className="mb-2 text-lg font-semibold">
          History
        </h2>
        <EventTimeline events={data.events} />
      </section>
    </div>
  );
}
