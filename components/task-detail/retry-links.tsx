import { formatCount } from "@/lib/format";
import type { TaskDetail } from "@/lib/tasks/queries/get-task-detail";
import { StateBadge } from "@/components/ui/state-badge";
import { TimeStamp } from "@/components/ui/time-stamp";
import { ReleaseButton } from "./release-button";

const OUTCOMES: Record<string, string> = { submitting: "being submitted", submitted: "submitted", refused: "refused by the vendor", unknown: "outcome unknown", released: "released" };

// "Retry of …" on a task this dashboard submitted, and "Retried as …" on its source, each
// new task with its live state and the audit line of its submission.
export function RetryLinks({ detail, isOperator }: { detail: Pick<TaskDetail, "task" | "retryOf" | "retriedAs">; isOperator: boolean }) {
  if (!detail.retryOf && detail.retriedAs.length === 0) return null;
  return (
    <section aria-labelledby="retries-heading" className="space-y-2">
      <h2 id="retries-heading" className="text-lg font-semibold">
        Retries
      </h2>
      {detail.retryOf ? (
        <p className="text-sm">
          Retry of{" "}
          <a href={`/tasks/${encodeURIComponent(detail.retryOf.persistentId)}`} className="break-all font-mono underline">
            {detail.retryOf.persistentId}
          </a>{" "}
          <StateBadge state={detail.retryOf.state} />
          {detail.retryOf.requestedBy && detail.retryOf.at ? (
            <span className="ml-2 text-slate-500">
              submitted by {detail.retryOf.requestedBy}, <TimeStamp value={detail.retryOf.at} />
            </span>
          ) : null}
        </p>
      ) : null}
      {detail.retriedAs.length > 0 ? (
        <ol aria-label="Retried as" className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
          {detail.retriedAs.map((entry) => (
            <li key={entry.id} className="flex min-w-0 flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2">
              <span>Retried as</span>
              {entry.persistentId ? (
                <a href={`/tasks/${encodeURIComponent(entry.persistentId)}`} className="break-all font-mono underline">
                  {entry.persistentId}
                </a>
              ) : (
                <span className="text-slate-500">(no task)</span>
              )}
              {entry.state ? <StateBadge state={entry.state} /> : null}
              <span>
                {entry.op}, {formatCount(entry.items)} item{entry.items === 1 ? "" : "s"}, {OUTCOMES[entry.outcome] ?? entry.outcome}
              </span>
              <span className="text-slate-500">
                by {entry.requestedBy}, <TimeStamp value={entry.at} />
              </span>
              {entry.message ? <span className="w-full break-words text-red-700 [overflow-wrap:anywhere] dark:text-red-300">{entry.message}</span> : null}
              {entry.outcome === "unknown" && isOperator ? <ReleaseButton persistentId={detail.task.persistentId} submissionId={entry.id} /> : null}
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}
