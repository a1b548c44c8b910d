"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { useRefreshInterval } from "@/components/preferences/use-preference";
import { formatCount } from "@/lib/format";
import type { TaskDetail } from "@/lib/tasks/queries/get-task-detail";
import { taskKeys } from "@/lib/tasks/query-keys";
import { isFinalState } from "@/lib/tasks/task-state";
import { CopyButton } from "@/components/ui/copy-button";
import { ExportLinks } from "@/components/ui/export-links";
import { EventTimeline } from "./event-timeline";
import { ItemCard } from "./item-card";
import { itemsHref, ItemFilters } from "./item-filters";
import { LookupHistory } from "./lookup-history";
import { RefreshButton } from "./refresh-button";
import { RetryLinks } from "./retry-links";
import { RetryPanel, type RetryAccess } from "./retry-panel";
import { TaskSummary } from "./task-summary";

async function fetchDetail(persistentId: string, itemSearch: string): Promise<TaskDetail> {
  const response = await fetch(`/api/tasks/${encodeURIComponent(persistentId)}?${itemSearch}`, { cache: "no-store" });
  if (!response.ok) throw new Error(`The task could not be reloaded (HTTP ${response.status}).`);
  return (await response.json()) as TaskDetail;
}

// Nothing left to watch: the task is final, every event is applied, and every retry
// submitted from it is final too.
function isSettled(detail: TaskDetail): boolean {
  return (
    detail.pendingEvents === 0 &&
    isFinalState(detail.task.state) &&
    detail.retriedAs.every((entry) => entry.state === null || isFinalState(entry.state))
  );
}

// Events waiting for the projector are applied within a second or so: look again soon.
const UPDATING_POLL_MS = 1_000;

function refetchEvery(detail: TaskDetail | undefined, interval: number | false): number | false {
  if (!detail) return interval;
  if (detail.pendingEvents > 0) return interval === false ? UPDATING_POLL_MS : Math.min(interval, UPDATING_POLL_MS);
  return isSettled(detail) ? false : interval;
}

function itemsCaption(data: TaskDetail): string {
  const shown = formatCount(data.items.length);
  if (data.itemsFiltered) return `${shown} matching item(s) on this page`;
  return `${shown} of ${formatCount(data.task.itemCount)} item(s) on this page`;
}

// Once the events that were pending are applied, the server parts of the page (what a
// retry would send) are rendered again: the task they were rendered for has changed.
function useRefreshWhenApplied(pendingEvents: number): void {
  const router = useRouter();
  const wasPending = useRef(pendingEvents > 0);
  useEffect(() => {
    if (pendingEvents > 0) wasPending.current = true;
    else if (wasPending.current) {
      wasPending.current = false;
      router.refresh();
    }
  }, [pendingEvents, router]);
}

// Server-rendered first; while the task or a retry of it is still running it is polled at the chosen
// interval (React Query stops while the tab is hidden), and a refresh from the vendor
// reloads it at once. The item filters and page live in the address.
export function TaskDetailView({ initial, itemSearch, retryAccess }: { initial: TaskDetail; itemSearch: string; retryAccess: RetryAccess }) {
  const persistentId = initial.task.persistentId;
  const interval = useRefreshInterval();
  const { data, error } = useQuery({
    queryKey: [...taskKeys.detail(persistentId), itemSearch],
    queryFn: () => fetchDetail(persistentId, itemSearch),
    initialData: initial,
    refetchInterval: (query) => refetchEvery(query.state.data, interval),
  });
  useRefreshWhenApplied(data.pendingEvents);
  const search = new URLSearchParams(itemSearch);
  const isLaterPage = search.has("itemsCursor");
  return (
    <div className="min-w-0 space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="flex min-w-0 flex-wrap items-center gap-2">
          <h1 className="min-w-0 break-all font-mono text-xl font-semibold">{persistentId}</h1>
          <CopyButton value={persistentId} label="Copy the persistentId" />
          {data.pendingEvents > 0 ? (
            <span
              role="status"
              data-testid="updating"
              title="Stored, and being applied to the task: what is shown below is about to change."
              className="rounded-full bg-sky-100 px-2 py-0.5 text-xs font-medium text-sky-900 dark:bg-sky-900 dark:text-sky-100"
            >
              Updating… {formatCount(data.pendingEvents)} new event{data.pendingEvents === 1 ? "" : "s"}
            </span>
          ) : null}
        </div>
        <RefreshButton persistentId={persistentId} />
      </div>
      {error ? (
        <p role="status" className="text-sm text-amber-800 dark:text-amber-200">
          {error.message} Showing what was loaded last.
        </p>
      ) : null}
      <TaskSummary task={data.task} />
      {data.task.failedCount > 0 ? <RetryPanel persistentId={persistentId} access={retryAccess} /> : null}
      <RetryLinks detail={data} isOperator={retryAccess.kind !== "none"} />
      <section aria-labelledby="items-heading">
        <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="items-heading" className="text-lg font-semibold">
            Items
          </h2>
          {data.task.itemCount > 0 ? (
            <ExportLinks path={`/api/exports/tasks/${encodeURIComponent(persistentId)}/items`} search={new URLSearchParams()} label="Export all items:" />
          ) : null}
        </div>
        {data.task.itemCount > 0 ? <ItemFilters task={data.task} search={search} /> : null}
        {data.items.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">{data.task.itemCount === 0 ? "No items reported yet." : "No items match these filters."}</p>
        ) : (
          <>
            <p className="mb-1 text-xs text-slate-500">{itemsCaption(data)}</p>
            <ol className="rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
              {data.items.map((item) => (
                <ItemCard key={item.id} item={item} persistentId={persistentId} />
              ))}
            </ol>
          </>
        )}
        <nav aria-label="Item pages" className="mt-2 flex flex-wrap gap-4 text-sm">
          {isLaterPage ? (
            <Link href={itemsHref(persistentId, search, {})} prefetch={false} className="underline">
              First items
            </Link>
          ) : null}
          {data.itemsNextCursor ? (
            <Link href={itemsHref(persistentId, search, { itemsCursor: data.itemsNextCursor })} prefetch={false} className="underline">
              Next items
            </Link>
          ) : null}
        </nav>
      </section>
      <section aria-labelledby="lookups-heading">
        <h2 id="lookups-heading" className="mb-2 text-lg font-semibold">
          Lookups
        </h2>
        <LookupHistory lookups={data.lookups} />
      </section>
      <section aria-labelledby="history-heading">
        <h2 id="history-heading" className="mb-2 text-lg font-semibold">
          History
        </h2>
        <EventTimeline persistentId={persistentId} events={data.events} />
      </section>
    </div>
  );
}
