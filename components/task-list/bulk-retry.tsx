"use client";

import { useState } from "react";
import { formatCount } from "@/lib/format";
import type { BulkPlan } from "@/lib/retries/retry-bulk";

type Filters = { q?: string; state?: string; op?: string; since?: string; until?: string };
type TaskOutcome = { persistentId: string; status: number; message: string };

async function postJson(url: string, body: unknown): Promise<{ status: number; json: { error?: { message: string } } & Record<string, unknown> }> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: response.status, json: (await response.json()) as { error?: { message: string } } & Record<string, unknown> };
}

function describe(status: number, json: { error?: { message: string }; submitted?: { outcome: string; persistentId: string | null; items: number }[] }): string {
  if (json.error) return json.error.message;
  const taken = (json.submitted ?? []).filter((entry) => entry.outcome === "submitted");
  return taken.length ? `submitted as ${taken.map((entry) => entry.persistentId).join(", ")}` : `HTTP ${status}`;
}

// "Retry the failed items of these N tasks": a dry run first (tasks, items, operations),
// then one task after another, with progress. Operators only; needs JavaScript, since it
// reports as it goes (a single task's retry, on its page, works as a plain form).
export function BulkRetry({ filters }: { filters: Filters }) {
  const [plan, setPlan] = useState<BulkPlan | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [copyOrMove, setCopyOrMove] = useState<"" | "copy" | "move">("");
  const [progress, setProgress] = useState<TaskOutcome[] | null>(null);
  const [isRunning, setIsRunning] = useState(false);

  const dryRun = async () => {
    setProblem(null);
    setProgress(null);
    const { status, json } = await postJson("/api/retries", { ...filters, dryRun: true });
    if (status !== 200) return setProblem(json.error?.message ?? `HTTP ${status}`);
    setPlan(json as unknown as BulkPlan);
  };

  const run = async (tasks: BulkPlan["tasks"]) => {
    setIsRunning(true);
    const done: TaskOutcome[] = [];
    setProgress([]);
    for (const task of tasks) {
      const { status, json } = await postJson(`/api/tasks/${encodeURIComponent(task.persistentId)}/retry`, copyOrMove ? { copyOrMove } : {});
      done.push({ persistentId: task.persistentId, status, message: describe(status, json) });
      setProgress([...done]);
    }
    setIsRunning(false);
  };

  const items = plan?.ops.filter((op) => op.retryable).reduce((sum, op) => sum + op.items, 0) ?? 0;
  const needsChoice = plan?.ops.some((op) => op.needsChoice) ?? false;
  return (
    <section aria-labelledby="bulk-retry-heading" className="mt-4 rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm dark:border-amber-800 dark:bg-amber-950">
      <h2 id="bulk-retry-heading" className="font-semibold">
        Retry at the vendor
      </h2>
      {!plan ? (
        <>
          <p className="mt-1">The failed items, not yet retried, of the tasks these filters match. A dry run shows what would be sent.</p>
          <button type="button" onClick={() => void dryRun()} className="mt-2 rounded-md bg-slate-900 px-3 py-1.5 font-medium text-white dark:bg-slate-100 dark:text-slate-900">
            Dry run
          </button>
        </>
      ) : (
        <div className="mt-1 space-y-2">
          <p>
            {plan.tasks.length === 0
              ? "No task these filters match has failed items waiting for a retry."
              : `Retry the failed items of these ${formatCount(plan.tasks.length)} task${plan.tasks.length === 1 ? "" : "s"}: ${formatCount(items)} item${items === 1 ? "" : "s"}.`}
            {plan.more ? ` More tasks match: one run covers the newest ${formatCount(plan.limits.tasks)}; run it again for the rest.` : ""}
          </p>
          <ul className="space-y-0.5">
            {plan.ops.map((op) => (
              <li key={op.op}>
                <span className="font-medium">{op.op}</span>: {formatCount(op.items)} item{op.items === 1 ? "" : "s"}
                {op.destructive ? <strong className="ml-2 rounded bg-red-700 px-1.5 py-0.5 text-xs text-white">destructive: removes data</strong> : null}
                {!op.retryable ? <span className="ml-2 text-slate-600 dark:text-slate-300">(not retryable: the vendor takes no retry of it)</span> : null}
              </li>
            ))}
          </ul>
          <p className="text-xs text-slate-600 dark:text-slate-300">
            One vendor task per task and operation, at most {formatCount(plan.limits.itemsPerSubmission)} items each.
          </p>
          {needsChoice ? (
            <label className="inline-flex items-center gap-2">
              Copy-or-move items were
              <select value={copyOrMove} onChange={(event) => setCopyOrMove(event.target.value as "" | "copy" | "move")} className="rounded-md border border-slate-300 bg-transparent px-2 py-1 dark:border-slate-700">
                <option value="">left out</option>
                <option value="copy">copies</option>
                <option value="move">moves (destructive)</option>
              </select>
            </label>
          ) : null}
          {plan.tasks.length > 0 && !progress ? (
            <button type="button" onClick={() => void run(plan.tasks)} className="rounded-md bg-red-700 px-3 py-1.5 font-medium text-white">
              Submit {formatCount(plan.tasks.length)} task{plan.tasks.length === 1 ? "" : "s"} to the vendor
            </button>
          ) : null}
        </div>
      )}
      {problem ? (
        <p role="alert" className="mt-2 text-red-700 dark:text-red-300">
          {problem}
        </p>
      ) : null}
      {progress && plan ? (
        <div className="mt-2" aria-live="polite">
          <p>
            {isRunning ? "Submitting" : "Done"}: {formatCount(progress.length)} of {formatCount(plan.tasks.length)} tasks.
          </p>
          <progress max={plan.tasks.length} value={progress.length} className="w-full" aria-label="Retry progress" />
          <ul className="mt-1 max-h-48 space-y-0.5 overflow-auto">
            {progress.map((entry) => (
              <li key={entry.persistentId} className={entry.status === 200 ? "" : "text-red-700 dark:text-red-300"}>
                <a href={`/tasks/${encodeURIComponent(entry.persistentId)}`} className="break-all font-mono underline">
                  {entry.persistentId}
                </a>
                : {entry.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
