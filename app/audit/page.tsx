import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { EmptyState } from "@/components/ui/empty-state";
import { ExportLinks } from "@/components/ui/export-links";
import { PageTitle } from "@/components/ui/page-title";
import { TimeStamp } from "@/components/ui/time-stamp";
import { isAppError } from "@/lib/errors";
import { SUBMIT_OPS } from "@/lib/fmgr/submission";
import { formatCount } from "@/lib/format";
import { AUDIT_OUTCOMES, listAudit, parseAuditFilters, type AuditEntry, type AuditFilters } from "@/lib/retries/audit";
import { parsePageParams, type Cursor } from "@/lib/tasks/queries/task-list-query";
import { cleanedSearch, toSearchParams, type RawSearchParams } from "@/lib/search-params";

export const metadata: Metadata = { title: "Audit" };

const PAGE_SIZE = 50;
const field = "w-full rounded-md border border-slate-300 bg-transparent px-2 py-1.5 text-sm dark:border-slate-700";
const OUTCOME_TONES: Record<string, string> = { submitted: "text-emerald-700 dark:text-emerald-300", refused: "text-red-700 dark:text-red-300", unknown: "text-amber-700 dark:text-amber-300" };

function read(params: URLSearchParams): { filters: AuditFilters; cursor: Cursor | null; problem: string | null } {
  try {
    return { filters: parseAuditFilters(params), cursor: parsePageParams(params).cursor, problem: null };
  } catch (error) {
    if (isAppError(error)) return { filters: {}, cursor: null, problem: error.userMessage };
    throw error;
  }
}

function TaskLink({ id }: { id: string }) {
  return (
    <Link href={`/tasks/${encodeURIComponent(id)}`} prefetch={false} className="break-all font-mono underline">
      {id}
    </Link>
  );
}

function Entry({ entry }: { entry: AuditEntry }) {
  return (
    <li className="min-w-0 px-4 py-3 text-sm">
      <div className="flex min-w-0 flex-wrap items-baseline gap-x-3 gap-y-1">
        <TimeStamp value={entry.at} />
        <span className="font-medium">{entry.requestedBy}</span>
        <span>
          {entry.op}, {formatCount(entry.items)} item{entry.items === 1 ? "" : "s"} of <TaskLink id={entry.sourcePersistentId} />
        </span>
        <span className={`font-medium ${OUTCOME_TONES[entry.outcome] ?? ""}`}>{entry.outcome}</span>
        {entry.persistentId ? (
          <span>
            as <TaskLink id={entry.persistentId} />
          </span>
        ) : null}
      </div>
      {entry.message ? <p className="mt-1 break-words text-slate-700 [overflow-wrap:anywhere] dark:text-slate-300">{entry.message}</p> : null}
      {entry.vendorAnswer ? (
        <p className="mt-1 break-all font-mono text-xs text-slate-500">
          vendor answered {entry.vendorStatus ?? "?"}: {entry.vendorAnswer}
        </p>
      ) : null}
    </li>
  );
}

// Every retry submitted to the vendor: who, when, what, and what the vendor said. Kept
// forever (retention leaves it alone), exported as CSV or JSON.
export default async function AuditPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  await connection();
  const params = toSearchParams(await searchParams);
  const cleaned = cleanedSearch(params);
  if (cleaned !== null) redirect(cleaned ? `/audit?${cleaned}` : "/audit");
  const { filters, cursor, problem } = read(params);
  const page = await listAudit({ filters, cursor, limit: PAGE_SIZE });
  const filterSearch = new URLSearchParams(Object.entries(filters).filter((entry): entry is [string, string] => Boolean(entry[1])));
  return (
    <>
      <PageTitle title="Audit">Retries submitted to the vendor, newest first: who asked, which items of which task, and the vendor&apos;s answer.</PageTitle>
      <form method="get" action="/audit" aria-label="Filter the audit" className="mb-4 grid grid-cols-2 items-end gap-2 sm:flex sm:flex-wrap">
        <label className="flex min-w-0 flex-col gap-1 text-sm">
          <span className="text-slate-600 dark:text-slate-400">User</span>
          <input name="user" defaultValue={filters.user ?? ""} className={field} />
        </label>
        <label className="flex min-w-0 flex-col gap-1 text-sm">
          <span className="text-slate-600 dark:text-slate-400">Operation</span>
          <select name="op" defaultValue={filters.op ?? ""} className={field}>
            <option value="">Any</option>
            {SUBMIT_OPS.map((op) => (
              <option key={op} value={op}>
                {op}
              </option>
            ))}
          </select>
        </label>
        <label className="flex min-w-0 flex-col gap-1 text-sm">
          <span className="text-slate-600 dark:text-slate-400">Outcome</span>
          <select name="outcome" defaultValue={filters.outcome ?? ""} className={field}>
            <option value="">Any</option>
            {AUDIT_OUTCOMES.map((outcome) => (
              <option key={outcome} value={outcome}>
                {outcome}
              </option>
            ))}
          </select>
        </label>
        <label className="col-span-2 flex min-w-0 flex-col gap-1 text-sm sm:w-72">
          <span className="text-slate-600 dark:text-slate-400">Task (source or new)</span>
          <input name="task" defaultValue={filters.task ?? ""} autoComplete="off" spellCheck={false} className={`${field} font-mono`} />
        </label>
        <button type="submit" className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white dark:bg-slate-100 dark:text-slate-900">
          Filter
        </button>
      </form>
      {problem ? (
        <p role="alert" className="mb-3 text-sm text-red-700 dark:text-red-300">
          {problem}
        </p>
      ) : null}
      {page.entries.length === 0 ? (
        <EmptyState title="No retries yet">Retries appear here once an operator submits failed items to the vendor from a task&apos;s page or the task list.</EmptyState>
      ) : (
        <ol aria-label="Retry submissions" className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
          {page.entries.map((entry) => (
            <Entry key={entry.id} entry={entry} />
          ))}
        </ol>
      )}
      <div className="mt-3 flex flex-wrap justify-between gap-3">
        <ExportLinks path="/api/exports/audit" search={filterSearch} label="Export these entries:" />
        {page.nextCursor ? (
          <Link href={`/audit?${new URLSearchParams([...filterSearch, ["cursor", page.nextCursor]]).toString()}`} prefetch={false} className="text-sm underline">
            Older
          </Link>
        ) : null}
      </div>
    </>
  );
}
