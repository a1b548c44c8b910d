-- AlterTable
ALTER TABLE "tasks" ADD COLUMN     "retry_of_id" BIGINT;

-- CreateTable
CREATE TABLE "retry_submissions" (
    "id" BIGSERIAL NOT NULL,
    "active_key" CHAR(64),
    "source_task_id" BIGINT NOT NULL,
    "requested_by" VARCHAR(64) NOT NULL,
    "op" VARCHAR(16) NOT NULL,
    "item_ids" BIGINT[],
    "item_count" INTEGER NOT NULL,
    "outcome" VARCHAR(16) NOT NULL,
    "vendor_status" INTEGER,
    "vendor_answer" TEXT,
    "message" TEXT,
    "persistent_id" VARCHAR(128),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "retry_submissions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "retry_submissions_active_key_key" ON "retry_submissions"("active_key");

-- CreateIndex
CREATE INDEX "retry_submissions_source_idx" ON "retry_submissions"("source_task_id", "created_at");

-- CreateIndex
CREATE INDEX "retry_submissions_recent_idx" ON "retry_submissions"("created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "retry_submissions_persistent_id_idx" ON "retry_submissions"("persistent_id");

-- CreateIndex
CREATE INDEX "tasks_retry_of_idx" ON "tasks"("retry_of_id");

-- AddForeignKey
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_retry_of_id_fkey" FOREIGN KEY ("retry_of_id") REFERENCES "tasks"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "retry_submissions" ADD CONSTRAINT "retry_submissions_source_task_id_fkey" FOREIGN KEY ("source_task_id") REFERENCES "tasks"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- CreateIndex
CREATE INDEX "retry_submissions_outcome_idx" ON "retry_submissions"("outcome");
