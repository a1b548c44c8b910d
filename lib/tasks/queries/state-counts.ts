import "server-only";
import { readRows } from "@/lib/db/read";
import { STATE_COUNTS_SQL } from "./state-counts-sql";
import { TASK_STATES, type TaskState } from "@/lib/tasks/task-state";

export type StateCounts = Record<TaskState, number>;

// From the counters that triggers on tasks keep (migration task_state_counts).
export async function countTasksByState(): Promise<StateCounts> {
  const rows = await readRows<{ state: TaskState; count: bigint }>(STATE_COUNTS_SQL);
  const counts = Object.fromEntries(TASK_STATES.map((state) => [state, 0])) as StateCounts;
  for (const row of rows) counts[row.state] = Number(row.count);
  return counts;
}
