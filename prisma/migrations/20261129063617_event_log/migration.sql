-- The event log comes first (docs/decisions/005-event-log-first.md): a callback is an
-- appended event, named by its task's persistentId, and the projector makes or updates
-- the task later, linking the event to it.
-- Events already stored were applied when they arrived: batch 0, in id order. The default
-- fills them without rewriting the table (a stored default), then goes, so new events
-- start out pending (NULL).
ALTER TABLE "task_events" ADD COLUMN     "applied_seq" BIGINT DEFAULT 0;
ALTER TABLE "task_events" ALTER COLUMN "applied_seq" DROP DEFAULT;

-- Each stored event's persistentId, from its task.
ALTER TABLE "task_events" ADD COLUMN     "persistent_id" VARCHAR(128);
UPDATE "task_events" e SET "persistent_id" = t."persistent_id" FROM "tasks" t WHERE t."id" = e."task_id";
ALTER TABLE "task_events" ALTER COLUMN "persistent_id" SET NOT NULL,
ALTER COLUMN "task_id" DROP NOT NULL;

-- AlterTable
ALTER TABLE "tasks" ADD COLUMN     "history_trimmed_at" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "task_events_pending_idx" ON "task_events"("id") WHERE (applied_seq IS NULL);

-- CreateIndex
CREATE INDEX "task_events_task_pending_idx" ON "task_events"("persistent_id", "id") WHERE (applied_seq IS NULL);
