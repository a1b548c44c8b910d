import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { cleanedSearch, toSearchParams } from "@/lib/search-params";
import { SignatureChecker } from "@/components/signature-checker";
import { EmptyState } from "@/components/ui/empty-state";
import { PageTitle } from "@/components/ui/page-title";
import { TimeStamp } from "@/components/ui/time-stamp";
import type { RejectedCallback } from "@/lib/callbacks/list-rejected-callbacks";
import { listRejectedGroups, parseGroupFilters, REJECTION_REASONS, type GroupFilters, type RejectedGroup } from "@/lib/callbacks/list-rejected-groups";
import { decodeCursor } from "@/lib/tasks/queries/task-list-query";

export const metadata: Metadata = { title: "Rejected callbacks" };

const PAGE_SIZE = 50;

const REASONS: Record<string, string> = {
  missing_signature: "No signature",
  malformed_signature: "Malformed Authorization header",
  unknown_key: "Unknown AccessKey",
  signature_mismatch: "Signature does not match",
  body_too_large: "Body too large",
  undecodable_body: "Body not decodable",
  invalid_document: "Not a valid task document",
};

// The latest request of a group, as it arrived.
function LatestRequest({ row }: { row: RejectedCallback }) {
  return (
    <details className="mt-1">
      <summary className="cursor-pointer text-xs break-all text-slate-500">
        Latest: {row.method} {row.url} · {row.bodyBytes.toLocaleString("en")} bytes{row.bodyTruncated ? " (only the beginning kept)" : ""}
      </summary>
      <pre className="mt-1 max-h-48 overflow-auto whitespace-pre-wrap break-all font-mono text-xs">{JSON.stringify(row.headers, null, 2)}</pre>
      <pre className="mt-1 max-h-48 overflow-auto whitespace-pre-wrap break-all font-mono text-xs">{row.body || "(empty body)"}</pre>
    </details>
  );
}

function GroupRow({ group }: { group: RejectedGroup }) {
  return (
    <li className="px-4 py-3 text-sm">
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <span className="font-semibold">{REASONS[group.reason] ?? group.reason}</span>
        <span className="rounded bg-slate-100 px-1.5 text-xs tabular-nums dark:bg-slate-800">
          {group.requests === 1 ? "1 request" : `${group.requests.toLocaleString("en")} requests`}
        </span>
        <TimeStamp value={group.lastSeenAt} />
        {group.requests > 1 ? <span className="text-slate-500">first {group.firstSeenAt.slice(0, 19).replace("T", " ")} UTC</span> : null}
      </div>
      <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-2 text-xs text-slate-600 dark:text-slate-400">
        <dt>AccessKey</dt>
        <dd className="break-all">{group.accessKey ?? "(none)"}</dd>
        <dt>From</dt>
        <dd className="break-all">{group.address}</dd>
      </dl>
      <p className="mt-1 break-words text-slate-700 dark:text-slate-300">{group.lastMessage}</p>
      {group.latest ? <LatestRequest row={group.latest} /> : null}
    </li>
  );
}

function Filters({ filters }: { filters: GroupFilters }) {
  const field = "rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-950";
  return (
    <form method="get" action="/callbacks" className="mb-3 flex flex-wrap items-end gap-2 text-sm" aria-label="Filter rejected callbacks">
      <label className="flex flex-col gap-1">
        <span className="text-xs text-slate-500">Reason</span>
        <select name="reason" defaultValue={filters.reason ?? ""} className={field}>
          <option value="">Any</option>
          {REJECTION_REASONS.map((reason) => (
            <option key={reason} value={reason}>
              {REASONS[reason]}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1">
        <span className="text-xs text-slate-500">AccessKey</span>
        <input name="key" defaultValue={filters.key ?? ""} className={field} />
      </label>
      <label className="flex flex-col gap-1">
        <span className="text-xs text-slate-500">Address</span>
        <input name="address" defaultValue={filters.address ?? ""} className={field} />
      </label>
      <button type="submit" className="rounded-md bg-slate-900 px-3 py-1.5 font-medium text-white dark:bg-slate-100 dark:text-slate-900">
        Filter
      </button>
    </form>
  );
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

function readFilters(params: Record<string, string | string[] | undefined>): { filters: GroupFilters; error?: string } {
  const search = new URLSearchParams();
  for (const name of ["reason", "key", "address"]) {
    const value = params[name];
    if (typeof value === "string") search.set(name, value);
  }
  try {
    return { filters: parseGroupFilters(search) };
  } catch (error) {
    return { filters: {}, error: error instanceof Error ? error.message : "invalid filter" };
  }
}

export default async function RejectedCallbacksPage({ searchParams }: Props) {
  await connection();
  const params = await searchParams;
  const cleaned = cleanedSearch(toSearchParams(params));
  if (cleaned !== null) redirect(cleaned ? `/callbacks?${cleaned}` : "/callbacks");
  const cursor = typeof params.cursor === "string" ? params.cursor : undefined;
  const { filters, error } = readFilters(params);
  // A cursor that is not one of ours (an edited link) starts from the newest.
  const page = await listRejectedGroups({ limit: PAGE_SIZE, cursor: cursor ? decodeCursor(cursor) : null, filters });
  const filterQuery = new URLSearchParams(Object.entries(filters).filter((entry): entry is [string, string] => Boolean(entry[1]))).toString();
  const withQuery = (extra: string) => `/callbacks?${[filterQuery, extra].filter(Boolean).join("&")}`;

  return (
    <>
      <PageTitle title="Rejected callbacks">
        Requests to the callback endpoint that were refused, grouped by reason, claimed AccessKey and address, newest activity first.
      </PageTitle>
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_24rem]">
        <div className="min-w-0">
          <Filters filters={filters} />
          {error ? <p role="alert" className="mb-3 text-sm text-red-700 dark:text-red-300">{error}</p> : null}
          {page.groups.length === 0 ? (
            <EmptyState title="No rejected callbacks">Every callback received so far passed its signature check and decoded cleanly.</EmptyState>
          ) : (
            <ul aria-label="Rejected callbacks" className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
              {page.groups.map((group) => (
                <GroupRow key={group.id} group={group} />
              ))}
            </ul>
          )}
          <nav aria-label="Pages" className="mt-3 flex gap-4 text-sm">
            {cursor ? <Link href={withQuery("")} prefetch={false} className="underline">Back to the newest</Link> : null}
            {page.nextCursor ? <Link href={withQuery(`cursor=${page.nextCursor}`)} prefetch={false} className="underline">Older</Link> : null}
          </nav>
        </div>
        <SignatureChecker />
      </div>
    </>
  );
}
