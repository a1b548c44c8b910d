"use client";

import { useActionState } from "react";
import { retryTaskAction, type RetryState } from "@/app/tasks/actions";
import { formatCount } from "@/lib/format";
import type { RetryPreview } from "@/lib/retries/retry-task";
import { FormAlert } from "@/components/ui/form-alert";
import { SubmitButton } from "@/components/ui/submit-button";
import { useReloadTaskAfter } from "./use-reload-task";

export type RetryAccess = { kind: "operator"; preview: RetryPreview } | { kind: "not-configured"; missing: string[] } | { kind: "none" };

const IDLE: RetryState = { status: "idle" };
const OP_LABELS: Record<string, string> = {
  fetch: "Fetch",
  copy: "Copy",
  move: "Move",
  delete: "Delete",
  deletePrefix: "Delete by prefix",
  deletem3u8: "Delete m3u8",
  compress: "Compress",
};

// "Retry N failed items": operators only (viewers see nothing). The confirmation lists
// what goes to the vendor, per operation, destructive ones marked; a plain form, so it
// works before hydration too.
export function RetryPanel({ persistentId, access }: { persistentId: string; access: RetryAccess }) {
  const [result, submit, isPending] = useActionState(retryTaskAction, IDLE);
  useReloadTaskAfter(result.status === "done" ? result : null, persistentId);
  if (access.kind === "none") return null;
  if (access.kind === "not-configured") {
    return (
      <p className="rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-700 dark:bg-slate-800 dark:text-slate-200">
        Retrying failed items at the vendor needs {access.missing.map((name) => <code key={name} className="mx-0.5 font-mono">{name}</code>)} to be set.
      </p>
    );
  }
  const { preview } = access;
  const total = preview.ops.reduce((sum, op) => sum + op.items, 0);
  return (
    <section aria-labelledby="retry-heading" className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm dark:border-amber-800 dark:bg-amber-950">
      <h2 id="retry-heading" className="font-semibold">
        {total > 0 ? `Retry ${formatCount(total)} failed item${total === 1 ? "" : "s"} at the vendor` : "Retry at the vendor"}
      </h2>
      {preview.ops.length > 0 ? (
        <ul className="mt-2 space-y-1">
          {preview.ops.map((op) => (
            <li key={op.op}>
              <span className="font-medium">{OP_LABELS[op.op] ?? op.op}</span>: {formatCount(op.items)} item{op.items === 1 ? "" : "s"}, as{" "}
              {op.submissions === 1 ? "one new vendor task" : `${formatCount(op.submissions)} vendor tasks`}
              {op.destructive ? <strong className="ml-2 rounded bg-red-700 px-1.5 py-0.5 text-xs text-white">destructive: removes data</strong> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-1 text-slate-700 dark:text-slate-300">No failed item is waiting for a retry: they were submitted already, or cannot be.</p>
      )}
      {preview.skipped.map((entry) => (
        <p key={`${entry.op}-${entry.reason}`} className="mt-1 text-slate-700 dark:text-slate-300">
          Not submitted: {formatCount(entry.items)} {entry.op} item{entry.items === 1 ? "" : "s"}, because {entry.reason}.
        </p>
      ))}
      {total > 0 || preview.needsCopyOrMove ? (
        <form action={submit} className="mt-3 flex flex-wrap items-end gap-2">
          <input type="hidden" name="persistentId" value={persistentId} />
          {preview.needsCopyOrMove ? (
            <label className="flex flex-col gap-1">
              <span>Copy-or-move items were</span>
              <select name="copyOrMove" defaultValue="" required className="rounded-md border border-slate-300 bg-transparent px-2 py-1 dark:border-slate-700">
                <option value="" disabled>
                  choose…
                </option>
                <option value="copy">copies</option>
                <option value="move">moves (destructive)</option>
              </select>
            </label>
          ) : null}
          <SubmitButton isPending={isPending} pendingLabel="Submitting…">
            Submit to the vendor
          </SubmitButton>
        </form>
      ) : null}
      <div aria-live="polite" className="mt-2">
        {result.status === "error" ? <FormAlert message={result.message} /> : null}
        {result.status === "done" ? (
          <ul className="space-y-1">
            {result.submitted.map((entry) => (
              <li key={entry.id}>
                {entry.outcome === "submitted" ? (
                  <>
                    {OP_LABELS[entry.op] ?? entry.op}, {formatCount(entry.items)} item(s): submitted as{" "}
                    <a href={`/tasks/${encodeURIComponent(entry.persistentId ?? "")}`} className="font-mono font-medium underline">
                      {entry.persistentId}
                    </a>
                  </>
                ) : (
                  <FormAlert message={`${OP_LABELS[entry.op] ?? entry.op}, ${formatCount(entry.items)} item(s): ${entry.outcome === "unknown" ? "outcome unknown" : "refused"}. ${entry.message ?? ""}`} />
                )}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </section>
  );
}
