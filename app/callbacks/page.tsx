import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { SignatureChecker } from "@/components/signature-checker";
import { EmptyState } from "@/components/ui/empty-state";
import { PageTitle } from "@/components/ui/page-title";
import { TimeStamp } from "@/components/ui/time-stamp";
import { listRejectedCallbacks, type RejectedCallback } from "@/lib/callbacks/list-rejected-callbacks";
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

function RejectedRow({ row }: { row: RejectedCallback }) {
  return (
    <li className="px-4 py-3 text-sm">
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <span className="font-semibold">{REASONS[row.reason] ?? row.reason}</span>
        <TimeStamp value={row.lastReceivedAt} />
        <span className="text-slate-500">
          {row.deliveries === 1 ? "1 delivery" : `${row.deliveries} deliveries, first at ${row.firstReceivedAt.slice(0, 19).replace("T", " ")} UTC`}
        </span>
        {row.accessKey ? <span className="text-slate-500">AccessKey {row.accessKey}</span> : null}
      </div>
      <p className="mt-1 text-slate-700 dark:text-slate-300">{row.message}</p>
      <details className="mt-1">
        <summary className="cursor-pointer text-xs text-slate-500">
          {row.method} {row.url} · {row.bodyBytes.toLocaleString("en")} bytes{row.bodyTruncated ? " (first 64 KiB kept)" : ""}
        </summary>
        <pre className="mt-1 max-h-48 overflow-auto whitespace-pre-wrap break-all font-mono text-xs">{JSON.stringify(row.headers, null, 2)}</pre>
        <pre className="mt-1 max-h-48 overflow-auto whitespace-pre-wrap break-all font-mono text-xs">{row.body || "(empty body)"}</pre>
      </details>
    </li>
  );
}

type Props = { searchParams: Promise<{ cursor?: string }> };

export default async function RejectedCallbacksPage({ searchParams }: Props) {
  await connection();
  const { cursor } = await searchParams;
  // A cursor that is not one of ours (an edited link) starts from the newest.
  const page = await listRejectedCallbacks({ limit: PAGE_SIZE, cursor: cursor ? decodeCursor(cursor) : null });

  return (
    <>
      <PageTitle title="Rejected callbacks">
        Requests to the callback endpoint that were refused, newest first, with the reason. Repeats of one request count as deliveries.
      </PageTitle>
      <div className="grid gap-6 lg:grid-cols-[1fr_24rem]">
        <div>
          {page.rejected.length === 0 ? (
            <EmptyState title="No rejected callbacks">Every callback received so far passed its signature check and decoded cleanly.</EmptyState>
          ) : (
            <ul aria-label="Rejected callbacks" className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
              {page.rejected.map((row) => (
                <RejectedRow key={row.id} row={row} />
              ))}
            </ul>
          )}
          <nav aria-label="Pages" className="mt-3 flex gap-4 text-sm">
            {cursor ? <Link href="/callbacks" className="underline">Back to the newest</Link> : null}
            {page.nextCursor ? <Link href={`/callbacks?cursor=${page.nextCursor}`} className="underline">Older</Link> : null}
          </nav>
        </div>
        <SignatureChecker />
      </div>
    </>
  );
}
