import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { LookupForm } from "@/components/lookup-form";
import { LiveTaskList } from "@/components/task-list/live-task-list";
import { hrefWith, TaskFilters, toLocalInput, type FilterValues } from "@/components/task-list/task-filters";
import { PageTitle } from "@/components/ui/page-title";
import { isPersistentId } from "@/lib/fmgr/persistent-id";
import { isAppError } from "@/lib/errors";
import { ExportLinks } from "@/components/ui/export-links";
import { taskExists } from "@/lib/tasks/queries/get-task-detail";
import { listTasks } from "@/lib/tasks/queries/list-tasks";
import { countTasksByState } from "@/lib/tasks/queries/state-counts";
import { parseTaskListQuery, type TaskListQuery } from "@/lib/tasks/queries/task-list-query";

export const metadata: Metadata = { title: "Tasks" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

function toParams(raw: Record<string, string | string[] | undefined>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(raw)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first) params.set(name, first);
  }
  return params;
}

function readQuery(params: URLSearchParams): { query: TaskListQuery | null; problem: string | null } {
  try {
    return { query: parseTaskListQuery(params), problem: null };
  } catch (error) {
    if (isAppError(error)) return { query: null, problem: error.userMessage };
    throw error;
  }
}

export default async function TasksPage({ searchParams }: Props) {
  await connection();
  const params = toParams(await searchParams);
  const { query, problem } = readQuery(params);
  // A whole persistentId pasted from a ticket goes straight to its task.
  if (query?.q && !query.cursor && isPersistentId(query.q) && (await taskExists(query.q))) {
    redirect(`/tasks/${encodeURIComponent(query.q)}`);
  }
  const [page, counts] = await Promise.all([query ? listTasks(query) : null, countTasksByState()]);
  const values: FilterValues = {
    q: query?.q ?? "",
    states: query?.states ?? [],
    op: query?.op ?? "",
    since: toLocalInput(query?.since),
    until: toLocalInput(query?.until),
    limit: params.get("limit") ?? "",
  };
  const listSearch = new URLSearchParams(params);
  listSearch.delete("cursor");
  const apiSearch = params.toString();

  return (
    <>
      <PageTitle title="Tasks">Newest activity first. Filters, search and page live in the address, so a link shows the same list.</PageTitle>
      <TaskFilters values={values} counts={counts} />
      {problem ? (
        <p role="alert" className="mb-4 text-sm text-red-700 dark:text-red-300">
          {problem}
        </p>
      ) : null}
      {query?.q && isPersistentId(query.q) && page?.tasks.length === 0 ? <LookupForm defaultPersistentId={query.q} /> : null}
      {page ? <LiveTaskList key={apiSearch} initial={page} search={apiSearch} isFirstPage={!query?.cursor} /> : null}
      {page && page.tasks.length > 0 ? (
        <div className="mt-3">
          <ExportLinks path="/api/exports/tasks" search={listSearch} label="Export every task these filters match:" />
        </div>
      ) : null}
      <nav aria-label="Pages" className="mt-4 flex gap-4 text-sm">
        {query?.cursor ? (
          <Link href={hrefWith(values, {})} className="underline">
            Back to the newest
          </Link>
        ) : null}
        {page?.nextCursor ? (
          <Link href={`/tasks?${new URLSearchParams([...listSearch, ["cursor", page.nextCursor]]).toString()}`} className="underline">
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
