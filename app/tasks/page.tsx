import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { LookupForm } from "@/components/lookup-form";
import { BulkRetry } from "@/components/task-list/bulk-retry";
import { LiveTaskList } from "@/components/task-list/live-task-list";
import { getCurrentAccount } from "@/lib/auth/current-user";
import { retryConfiguration } from "@/lib/retries/retry-task";
import { hrefWith, TaskFilters, type FilterValues } from "@/components/task-list/task-filters";
import { PageTitle } from "@/components/ui/page-title";
import { ExportLinks } from "@/components/ui/export-links";
import { isAppError } from "@/lib/errors";
import { cleanedSearch, toSearchParams, type RawSearchParams } from "@/lib/search-params";
import { findKnownTask } from "@/lib/tasks/queries/get-task-detail";
import { listTasks } from "@/lib/tasks/queries/list-tasks";
import { pastedPersistentId, persistentIdCandidates } from "@/lib/tasks/queries/pasted-id";
import { countTasksByState } from "@/lib/tasks/queries/state-counts";
import { parseTaskListQuery, type TaskListQuery } from "@/lib/tasks/queries/task-list-query";

export const metadata: Metadata = { title: "Tasks" };

type Props = { searchParams: Promise<RawSearchParams> };

function readQuery(params: URLSearchParams): { query: TaskListQuery | null; problem: string | null } {
  try {
    return { query: parseTaskListQuery(params), problem: null };
  } catch (error) {
    if (isAppError(error)) return { query: null, problem: error.userMessage };
    throw error;
  }
}

// The ids a search may mean, surest first: the whole text (or the address) as an id, then
// the id-like words of a longer text.
function candidateIds(text: string): string[] {
  const whole = pastedPersistentId(text);
  return [...(whole ? [whole] : []), ...persistentIdCandidates(text)];
}

export default async function TasksPage({ searchParams }: Props) {
  await connection();
  const params = toSearchParams(await searchParams);
  const cleaned = cleanedSearch(params);
  if (cleaned !== null) redirect(cleaned ? `/tasks?${cleaned}` : "/tasks");
  const { query, problem } = readQuery(params);
  const typed = params.get("q") ?? "";
  // A pasted id, address or ticket line that names a known task goes straight to it.
  if (query?.q && !query.cursor) {
    const known = await findKnownTask(candidateIds(typed));
    if (known) redirect(`/tasks/${encodeURIComponent(known)}`);
  }
  const [page, counts] = await Promise.all([query ? listTasks(query) : null, countTasksByState()]);
  const values: FilterValues = {
    q: typed,
    states: query?.states ?? [],
    op: query?.op ?? "",
    since: params.get("since") ?? "",
    until: params.get("until") ?? "",
    limit: params.get("limit") ?? "",
    retried: params.get("retried") ?? "",
  };
  const account = await getCurrentAccount();
  const canRetry = account?.role === "operator" && retryConfiguration().ok;
  const listSearch = new URLSearchParams(params);
  listSearch.delete("cursor");
  const apiSearch = params.toString();
  // Nothing matched a search that names an id: offer to ask the vendor about it.
  const askAbout = query?.q && page?.tasks.length === 0 ? (candidateIds(typed)[0] ?? null) : null;

  return (
    <>
      <PageTitle title="Tasks">Newest activity first. Filters, search and page live in the address, so a link shows the same list.</PageTitle>
      <TaskFilters values={values} counts={counts} />
      {problem ? (
        <p role="alert" className="mb-4 text-sm text-red-700 dark:text-red-300">
          {problem}
        </p>
      ) : null}
      {askAbout ? <LookupForm key={askAbout} defaultPersistentId={askAbout} intro={`No task here matches. Ask the vendor about ${askAbout}?`} /> : null}
      {page ? <LiveTaskList key={apiSearch} initial={page} search={apiSearch} isFirstPage={!query?.cursor} /> : null}
      {page && page.tasks.length > 0 ? (
        <div className="mt-3">
          <ExportLinks path="/api/exports/tasks" search={listSearch} label="Export every task these filters match:" />
        </div>
      ) : null}
      {canRetry && query ? (
        <BulkRetry
          filters={{ q: params.get("q") ?? undefined, state: params.get("state") ?? undefined, op: params.get("op") ?? undefined, since: params.get("since") ?? undefined, until: params.get("until") ?? undefined }}
        />
      ) : null}
      <nav aria-label="Pages" className="mt-4 flex gap-4 text-sm">
        {query?.cursor ? (
          <Link href={hrefWith(values, {})} prefetch={false} className="underline">
            Back to the newest
          </Link>
        ) : null}
        {page?.nextCursor ? (
          <Link href={`/tasks?${new URLSearchParams([...listSearch, ["cursor", page.nextCursor]]).toString()}`} prefetch={false} className="underline">
            Older tasks
          </Link>
        ) : null}
      </nav>
      {!query?.q ? (
        <div className="mt-8">
          <LookupForm />
        </div>
      ) : null}
    </>
  );
}
