import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { connection } from "next/server";
import { TaskDetailView } from "@/components/task-detail/task-detail-view";
import { isAppError } from "@/lib/errors";
import { cleanedSearch, toSearchParams, type RawSearchParams } from "@/lib/search-params";
import { FIRST_ITEMS, findTaskId, getTaskDetail } from "@/lib/tasks/queries/get-task-detail";
import type { RetryAccess } from "@/components/task-detail/retry-panel";
import { getCurrentAccount } from "@/lib/auth/current-user";
import { previewRetry, retryConfiguration } from "@/lib/retries/retry-task";
import { parseItemQuery, type ItemQuery } from "@/lib/tasks/queries/task-items";

type Props = { params: Promise<{ persistentId: string }>; searchParams: Promise<RawSearchParams> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: (await params).persistentId };
}

function readItemQuery(params: URLSearchParams): { query: ItemQuery; problem: string | null } {
  try {
    return { query: parseItemQuery(params), problem: null };
  } catch (error) {
    if (isAppError(error)) return { query: FIRST_ITEMS, problem: error.userMessage };
    throw error;
  }
}

// Operators see what a retry would send, or what to configure; viewers see nothing of it.
async function retryAccessFor(persistentId: string): Promise<RetryAccess> {
  const account = await getCurrentAccount();
  if (account?.role !== "operator") return { kind: "none" };
  const config = retryConfiguration();
  if (!config.ok) return { kind: "not-configured", missing: config.missing };
  const taskId = await findTaskId(persistentId);
  return taskId === null ? { kind: "none" } : { kind: "operator", preview: await previewRetry(taskId) };
}

export default async function TaskPage({ params, searchParams }: Props) {
  await connection();
  const { persistentId } = await params;
  const search = toSearchParams(await searchParams);
  const cleaned = cleanedSearch(search, { order: "failures" });
  if (cleaned !== null) redirect(`/tasks/${encodeURIComponent(persistentId)}${cleaned ? `?${cleaned}` : ""}`);
  const { query, problem } = readItemQuery(search);
  const detail = await getTaskDetail(persistentId, query);
  // An unknown id answers 404; its page (not-found.tsx) offers to ask the vendor.
  if (!detail) notFound();
  const retryAccess = detail.task.failedCount > 0 ? await retryAccessFor(persistentId) : { kind: "none" as const };
  return (
    <>
      {problem ? (
        <p role="alert" className="mb-4 text-sm text-red-700 dark:text-red-300">
          {problem}
        </p>
      ) : null}
      <TaskDetailView initial={detail} itemSearch={problem ? "" : search.toString()} retryAccess={retryAccess} />
    </>
  );
}
