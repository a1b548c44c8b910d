-- AlterTable
ALTER TABLE "tasks" ADD COLUMN     "callback_missing_at" TIMESTAMPTZ(3),
ADD COLUMN     "check_attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "next_check_at" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "tasks_next_check_idx" ON "tasks"("next_check_at");
