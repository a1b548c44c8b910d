import type { Metadata } from "next";
import { connection } from "next/server";
import { EmptyState } from "@/components/ui/empty-state";
import { PageTitle } from "@/components/ui/page-title";
import { TimeStamp } from "@/components/ui/time-stamp";
import { listRejectedCallbacks } from "@/lib/tasks/list-rejected-callbacks";

export const metadata: Metadata = { title: "Rejected callbacks" };

const PAGE_SIZE = 50;

export default async function RejectedCallbacksPage() {
  await connection();
  const rejected = await listRejectedCallbacks(PAGE_SIZE);

  return (
    <>
      <PageTitle title="Rejected callbacks">
        Requests to the callback endpoint that were refused, newest first, with the reason.
      </PageTitle>
      {rejected.length === 0 ? (
        <EmptyState title="No rejected callbacks">
          Every callback received so far passed its signature check and decoded cleanly.
        </EmptyState>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
          {rejected.map((row) => (
            <li key={row.id} className="px-4 py-3 text-sm">
              <div className="flex flex-wrap items-baseline gap-x-3">
                <span className="font-medium">{row.reason}</span>
                <TimeStamp value={row.lastReceivedAt.toISOString()} />
                <span className="text-slate-500">
                  {row.deliveries === 1 ? "1 delivery" : `${row.deliveries} deliveries`}
                  {row.accessKey ? ` · AccessKey ${row.accessKey}` : ""}
                </span>
              </div>
              <p className="mt-1 text-slate-600 dark:text-slate-400">{row.message}</p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
