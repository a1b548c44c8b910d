import "server-only";
import { getDb } from "@/lib/db/client";
import { logger } from "@/lib/logger";

// A submission whose answer never came ("outcome unknown", or still awaited) may still
// have been taken: the vendor then calls back about a task this dashboard has never seen,
// carrying those very cmds. The first callback of a new task whose every item is among an unknown
// submission's items (made before it) settles that submission: taken, as this task, which
// is linked to its source. Cheap when nothing is unknown, which is nearly always.
export async function adoptUnknownSubmission(taskId: bigint): Promise<void> {
  try {
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
