import Link from "next/link";
import { connection } from "next/server";
import { LiveRefresh } from "@/components/live-refresh";
import { AttentionList } from "@/components/overview/attention-list";
import { CallbackChart } from "@/components/overview/callback-chart";
import { EmptyState } from "@/components/ui/empty-state";
import { PageTitle } from "@/components/ui/page-title";
import { StateBadge } from "@/components/ui/state-badge";
import { countCallbacksByHour, listTasksNeedingAttention } from "@/lib/tasks/queries/overview";
import { countTasksByState } from "@/lib/tasks/queries/state-counts";
import { TASK_STATES, TASK_STATE_DESCRIPTIONS } from "@/lib/tasks/task-state";
import { getEnv } from "@/lib/env";

export default async function OverviewPage() {
  await connection();
  const stuckAfterMs = getEnv().ATTENTION_STUCK_AFTER_MS;
  const [counts, attention, hours] = await Promise.all([countTasksByState(), listTasksNeedingAttention(stuckAfterMs), countCallbacksByHour()]);
  const total = TASK_STATES.reduce((sum, state) => sum + counts[state], 0);

  return (
    <>
      <LiveRefresh />
      <PageTitle title="Overview">
        {total === 1 ? "1 task" : `${total.toLocaleString("en")} tasks`} known to this dashboard.
      </PageTitle>
      <section aria-labelledby="states-heading">
        <h2 id="states-heading" className="sr-only">
          Tasks by state
        </h2>
        <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
          {TASK_STATES.map((state) => (
            <li key={state}>
              <Link
                href={`/tasks?state=${state}`}
                prefetch={false}
                className="block rounded-lg border border-slate-200 bg-white p-4 hover:border-slate-400 dark:border-slate-800 dark:bg-slate-900 dark:hover:border-slate-600"
              >
                <StateBadge state={state} />
                <p className="mt-2 text-2xl font-semibold tabular-nums" data-testid={`count-${state}`}>
                  {counts[state].toLocaleString("en")}
                </p>
                <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">{TASK_STATE_DESCRIPTIONS[state]}</p>
              </Link>
            </li>
          ))}
        </ul>
      </section>
      <div className="mt-8 grid grid-cols-1 gap-6">
        <CallbackChart hours={hours} />
        {total > 0 ? (
          <section aria-labelledby="attention-heading">
            <h2 id="attention-heading" className="mb-2 text-lg font-semibold">
              Needs attention
            </h2>
            <AttentionList tasks={attention} stuckAfterMs={stuckAfterMs} />
          </section>
        ) : null}
      </div>
      {total === 0 ? (
        <div className="mt-8">
          <EmptyState title="No tasks yet">
            Tasks appear here when the vendor delivers its first signed callback to{" "}
            <code className="font-mono">POST /api/fmgr/callback</code>, or when someone looks a task up by its
            persistentId.
          </EmptyState>
        </div>
      ) : null}
    </>
  );
}
