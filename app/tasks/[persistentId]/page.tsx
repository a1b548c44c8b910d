import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { connection } from "next/server";
import { TaskDetailView } from "@/components/task-detail/task-detail-view";
import { isAppError } from "@/lib/errors";
import { cleanedSearch, toSearchParams, type RawSearchParams } from "@/lib/search-params";
import { FIRST_ITEMS, getTaskDetail } from "@/lib/tasks/queries/get-task-detail";
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
  return (
    <>
      {problem ? (
        <p role="alert" className="mb-4 text-sm text-red-700 dark:text-red-300">
          {problem}
        </p>
      ) : null}
      <TaskDetailView initial={detail} itemSearch={problem ? "" : search.toString()} />
    </>
  );
}
