-- CreateTable
CREATE TABLE "task_alerts" (
    "task_id" BIGINT NOT NULL,
    "condition" VARCHAR(32) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "sent_at" TIMESTAMPTZ(3),
    "gave_up_at" TIMESTAMPTZ(3),
    "last_error" TEXT,

    CONSTRAINT "task_alerts_pkey" PRIMARY KEY ("task_id","condition")
);

-- CreateIndex
CREATE INDEX "task_alerts_due_idx" ON "task_alerts"("sent_at", "next_attempt_at");

-- AddForeignKey
ALTER TABLE "task_alerts" ADD CONSTRAINT "task_alerts_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE CASCADE ON UPDATE CASCADE;
