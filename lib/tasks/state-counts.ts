import "server-only";
import { getDb } from "@/lib/db";
import { TASK_STATES, type TaskStateName } from "./task-state";

export type StateCounts = Record<TaskStateName, number>;

// From the counters that triggers on tasks keep (migration task_state_counts): at most
// 16 rows per state, however many tasks there are.
export async function countTasksByState(): Promise<StateCounts> {
  const rows = await getDb().$queryRaw<{ state: TaskStateName; count: bigint }[]>`
    SELECT state, sum(count)::bigint AS count FROM task_state_counts GROUP BY state`;
  const counts = Object.fromEntries(TASK_STATES.map((state) => [state, 0])) as StateCounts;
  for (const row of rows) counts[row.state] = Number(row.count);
  return counts;
}
