import "server-only";
import { getDb } from "@/lib/db";
import { TASK_STATES, type TaskStateName } from "./task-state";

export type StateCounts = Record<TaskStateName, number>;

export async function countTasksByState(): Promise<StateCounts> {
  const rows = await getDb().task.groupBy({ by: ["state"], _count: { _all: true } });
  const counts = Object.fromEntries(TASK_STATES.map((state) => [state, 0])) as StateCounts;
  for (const row of rows) counts[row.state] = row._count._all;
  return counts;
}
