import "server-only";
import { getDb } from "@/lib/db";
import type { TaskStateName } from "./task-state";

export type TaskRow = {
  persistentId: string;
  state: TaskStateName;
  ops: string[];
  itemCount: number;
  failedCount: number;
  lastActivityAt: Date;
};

// Newest activity first, read along tasks_activity_idx.
export async function listRecentTasks(limit: number): Promise<TaskRow[]> {
  return getDb().task.findMany({
    select: {
      persistentId: true,
      state: true,
      ops: true,
      itemCount: true,
      failedCount: true,
      lastActivityAt: true,
    },
    orderBy: [{ lastActivityAt: "desc" }, { id: "desc" }],
    take: limit,
  });
}
