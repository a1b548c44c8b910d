-- Substring search on item keys and errors. PGlite loads the extension at start
-- (newPGlite in lib/db/target.ts); on Postgres it ships in the contrib package.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- AlterTable
ALTER TABLE "task_items" ADD COLUMN     "outcome" SMALLINT NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "tasks" ADD COLUMN     "last_lookup_at" TIMESTAMPTZ(3),
ADD COLUMN     "last_lookup_message" TEXT,
ADD COLUMN     "last_lookup_outcome" VARCHAR(32),
ADD COLUMN     "lookup_failing_since" TIMESTAMPTZ(3),
ADD COLUMN     "lookup_failures" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "progress_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateTable
CREATE TABLE "task_lookups" (
    "id" BIGSERIAL NOT NULL,
    "persistent_id" VARCHAR(128) NOT NULL,
    "task_id" BIGINT,
    "trigger" VARCHAR(16) NOT NULL,
    "outcome" VARCHAR(32) NOT NULL,
    "message" TEXT NOT NULL,
    "duration_ms" INTEGER NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "task_lookups_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "task_lookups_task_time_idx" ON "task_lookups"("persistent_id", "at" DESC);

-- CreateIndex
CREATE INDEX "task_lookups_at_idx" ON "task_lookups"("at");

-- CreateIndex
CREATE INDEX "task_items_triage_idx" ON "task_items"("task_id", "outcome", "index", "id");

-- CreateIndex
CREATE INDEX "task_items_key_trgm_idx" ON "task_items" USING GIN ("key" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "task_items_error_trgm_idx" ON "task_items" USING GIN ("error" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "tasks_state_progress_idx" ON "tasks"("state", "progress_at");

-- CreateIndex
CREATE INDEX "tasks_lookup_failing_idx" ON "tasks"("lookup_failing_since" DESC);

-- AddForeignKey
ALTER TABLE "task_lookups" ADD CONSTRAINT "task_lookups_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Existing rows: the outcome by the rule of itemOutcome (lib/fmgr/codes.ts), the last
-- news at the last activity, and the last lookup as the last successful one.
UPDATE "task_items" SET "outcome" = CASE WHEN "code" IN (2, 18, 19, 20) THEN 0 WHEN "code" IN (3, 4, 5, 6) THEN 2 ELSE 1 END
WHERE "code" IS NOT NULL;
UPDATE "tasks" SET "progress_at" = "last_activity_at",
  "last_lookup_at" = "last_checked_at",
  "last_lookup_outcome" = CASE WHEN "last_checked_at" IS NULL THEN NULL ELSE 'ok' END;
