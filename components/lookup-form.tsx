"use client";

import { useActionState } from "react";
import { lookUpTaskAction, type LookupState } from "@/app/tasks/actions";
import { FormAlert } from "./ui/form-alert";
import { StateBadge } from "./ui/state-badge";
import { SubmitButton } from "./ui/submit-button";

const IDLE: LookupState = { status: "idle" };

export function LookupForm({ defaultPersistentId, intro }: { defaultPersistentId?: string; intro?: string }) {
  const [result, lookUp, isPending] = useActionState(lookUpTaskAction, IDLE);
  return (
    <section aria-labelledby="lookup-heading" className="mb-6 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <h2 id="lookup-heading" className="text-sm font-semibold">
        Ask the vendor
      </h2>
      {intro ? <p className="mt-1 break-words text-sm text-slate-600 [overflow-wrap:anywhere] dark:text-slate-400">{intro}</p> : null}
      <form action={lookUp} className="mt-2 flex flex-wrap items-end gap-2">
        <label className="flex min-w-0 flex-[1_1_18rem] flex-col gap-1 text-sm">
          <span className="text-slate-600 dark:text-slate-400">persistentId</span>
          <input
            name="persistentId"
            defaultValue={defaultPersistentId}
            required
            autoComplete="off"
            spellCheck={false}
            placeholder="ff80808149deceff014a7090b6700000"
            className="w-full rounded-md border border-slate-300 bg-transparent px-2 py-1.5 font-mono text-sm dark:border-slate-700"
          />
        </label>
        <input type="hidden" name="force" value="true" />
        <SubmitButton isPending={isPending} pendingLabel="Asking the vendor…">
          Look up
        </SubmitButton>
      </form>
      <div aria-live="polite" className="mt-2 text-sm">
        {result.status === "found" ? (
          <p>
            <span className="break-all font-mono">{result.persistentId}</span> <StateBadge state={result.state} />{" "}
            {result.itemCount.toLocaleString("en")} item(s), {result.failedCount.toLocaleString("en")} failed. Stored.{" "}
            {/* A full load: from the unknown task's own 404 page, a client-side move to the
                same address would keep showing the not-found boundary. */}
            <a href={`/tasks/${encodeURIComponent(result.persistentId)}`} className="font-medium underline">
              Open the task
            </a>
          </p>
        ) : null}
        {result.status === "error" ? (
          <FormAlert message={result.message} />
        ) : null}
      </div>
    </section>
  );
}
