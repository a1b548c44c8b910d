import "server-only";
import { getDb } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { isAppError } from "@/lib/errors";
import { DESTRUCTIVE_OPS } from "@/lib/fmgr/submission";
import { listTasks } from "@/lib/tasks/queries/list-tasks";
import { retryableItem } from "@/lib/tasks/queries/task-list-sql";
import type { TaskListQuery } from "@/lib/tasks/queries/task-list-query";
import { ENDPOINT_OF, MAX_ITEMS_PER_SUBMISSION } from "./retry-plan";
import { retryTask, type SubmittedRetry } from "./retry-task";

// One bulk retry covers at most this many tasks (newest activity first); run it again
// for the rest. Each task's items go in submissions of at most MAX_ITEMS_PER_SUBMISSION.
export const BULK_MAX_TASKS = 200;

export type BulkPlan = {
  tasks: { persistentId: string; failedCount: number }[];
  // More tasks match than one run covers.
  more: boolean;
  ops: { op: string; items: number; destructive: boolean; needsChoice: boolean; retryable: boolean }[];
  limits: { tasks: number; itemsPerSubmission: number };
};

export type BulkResult = { tasks: { persistentId: string; submitted: SubmittedRetry[]; error: string | null }[] };

// The dry run: the tasks a filter matches that have failed items no retry holds yet, and
// those items per operation, counted in one statement over the tasks.
export async function planBulkRetry(query: TaskListQuery): Promise<BulkPlan> {
  const page = await listTasks({ ...query, notRetried: true, cursor: undefined, limit: BULK_MAX_TASKS });
  const names = page.tasks.map((task) => task.persistentId);
  const counts = names.length
    ? await getDb().$queryRaw<{ op: string; n: number }[]>`
        SELECT i.op, count(*)::int AS n FROM task_items i JOIN tasks t ON t.id = i.task_id
        WHERE t.persistent_id = ANY(${names}) AND ${retryableItem(Prisma.sql`t.id`)}
        GROUP BY i.op ORDER BY i.op`
    : [];
  return {
    tasks: page.tasks.map((task) => ({ persistentId: task.persistentId, failedCount: task.failedCount })),
    more: page.nextCursor !== null,
    ops: counts.map(({ op, n }) => {
      const endpoint = ENDPOINT_OF[op];
      return { op, items: n, destructive: endpoint !== undefined && endpoint !== "copy_or_move" && DESTRUCTIVE_OPS.has(endpoint), needsChoice: endpoint === "copy_or_move", retryable: endpoint !== undefined };
    }),
    limits: { tasks: BULK_MAX_TASKS, itemsPerSubmission: MAX_ITEMS_PER_SUBMISSION },
  };
}

// Retries every task of the plan in turn. A task whose items another operator took
// meanwhile says so and the run goes on.
export async function runBulkRetry(query: TaskListQuery, user: string, copyOrMove?: "copy" | "move"): Promise<BulkResult> {
  const plan = await planBulkRetry(query);
  const tasks: BulkResult["tasks"] = [];
  for (const task of plan.tasks) {
    try {
      const result = await retryTask({ persistentId: task.persistentId, user, copyOrMove });
      tasks.push({ persistentId: task.persistentId, submitted: result.submitted, error: null });
    } catch (error) {
      if (!isAppError(error)) throw error;
      tasks.push({ persistentId: task.persistentId, submitted: [], error: error.userMessage });
    }
  }
  return { tasks };
}
