-- CreateIndex
CREATE INDEX "tasks_callback_missing_idx" ON "tasks"("callback_missing_at" DESC);
