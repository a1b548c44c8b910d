import "server-only";
import { getDb } from "@/lib/db/client";
import { logger } from "@/lib/logger";
import { processGlobal } from "@/lib/process-global";

// Whether this process has seen a submission awaiting its outcome lately. New tasks'
// first items are applied on the projector's hot path: with none awaiting (nearly always)
// they skip the check, which the database is asked again at most every RECHECK_MS for
// submissions other instances made.
const RECHECK_MS = 5_000;
const awaiting = () => processGlobal("retriesAwaiting", () => ({ isAwaiting: false, checkedAt: 0 }));

// A retry was just claimed here: its callback may come before its answer.
export function noteSubmissionAwaiting(): void {
  Object.assign(awaiting(), { isAwaiting: true, checkedAt: Date.now() });
}

async function isAnyAwaiting(): Promise<boolean> {
  const state = awaiting();
  if (!state.isAwaiting && Date.now() - state.checkedAt < RECHECK_MS) return false;
  const [row] = await getDb().$queryRaw<{ any: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM retry_submissions WHERE outcome IN ('submitting', 'unknown')) AS any`;
  Object.assign(state, { isAwaiting: row?.any ?? false, checkedAt: Date.now() });
  return state.isAwaiting;
}

// A submission whose answer never came ("outcome unknown", or still awaited) may still
// have been taken: the vendor then calls back about a task this dashboard has never seen,
// carrying those very cmds. A new task whose first items (as the projector applies them)
// are all among an unknown submission's items (made before it) settles that submission:
// taken, as this task, which is linked to its source.
export async function adoptUnknownSubmission(taskId: bigint): Promise<void> {
  try {
    if (!(await isAnyAwaiting())) return;
    const adopted = await getDb().$queryRaw<{ id: bigint; persistent_id: string }[]>`
      WITH task AS (SELECT id, persistent_id, first_seen_at FROM tasks WHERE id = ${taskId}),
      candidate AS (
        SELECT s.id, s.source_task_id FROM retry_submissions s, task
        WHERE s.outcome IN ('submitting', 'unknown') AND s.created_at <= task.first_seen_at
          AND EXISTS (SELECT 1 FROM task_items c WHERE c.task_id = task.id)
          AND NOT EXISTS (
            SELECT 1 FROM task_items c WHERE c.task_id = task.id
              AND c.cmd_digest NOT IN (SELECT i.cmd_digest FROM task_items i WHERE i.id = ANY(s.item_ids)))
        ORDER BY s.created_at DESC LIMIT 1
        FOR UPDATE OF s SKIP LOCKED
      ),
      settled AS (
        UPDATE retry_submissions s SET outcome = 'submitted', persistent_id = task.persistent_id, finished_at = now(),
          message = concat_ws(' ', s.message, 'The vendor took it after all: its callback arrived as ' || task.persistent_id || '.')
        FROM candidate, task WHERE s.id = candidate.id
        RETURNING s.id, task.persistent_id
      )
      UPDATE tasks t SET retry_of_id = candidate.source_task_id FROM candidate, settled WHERE t.id = ${taskId}
      RETURNING settled.id, settled.persistent_id`;
    if (adopted[0]) logger.info({ submission: adopted[0].id.toString(), persistentId: adopted[0].persistent_id }, "a retry of unknown outcome was taken after all");
  } catch (error) {
    // The callback is stored either way; the submission stays "unknown" for a person.
    logger.warn({ err: error }, "could not check a new task against retries of unknown outcome");
  }
}
