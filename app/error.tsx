"use client";

import { PageTitle } from "@/components/ui/page-title";

// Details stay in the server log; the digest lets an operator find the matching line.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert">
      <PageTitle title="Something went wrong">
        This page could not be loaded. If the database is unavailable, it will recover by itself once the
        database answers again.
        {error.digest ? ` Reference: ${error.digest}.` : ""}
      </PageTitle>
      <button
        type="button"
        onClick={reset}
        className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white dark:bg-slate-100 dark:text-slate-900"
      >
        Try again
      </button>
    </div>
  );
}
