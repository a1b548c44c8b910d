-- CreateEnum
CREATE TYPE "TaskState" AS ENUM ('pending', 'processing', 'succeeded', 'failed', 'partial', 'unknown');

-- CreateEnum
CREATE TYPE "EventSource" AS ENUM ('callback', 'lookup', 'reconcile');

-- CreateTable
CREATE TABLE "tasks" (
    "id" BIGSERIAL NOT NULL,
    "persistent_id" VARCHAR(128) NOT NULL,
    "state" "TaskState" NOT NULL DEFAULT 'unknown',
    "callback_code" INTEGER,
    "lookup_code" INTEGER,
    "desc" TEXT,
    "separate" BOOLEAN NOT NULL DEFAULT false,
    "ops" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "item_count" INTEGER NOT NULL DEFAULT 0,
    "pending_count" INTEGER NOT NULL DEFAULT 0,
    "processing_count" INTEGER NOT NULL DEFAULT 0,
    "succeeded_count" INTEGER NOT NULL DEFAULT 0,
    "failed_count" INTEGER NOT NULL DEFAULT 0,
    "unknown_count" INTEGER NOT NULL DEFAULT 0,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_activity_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_callback_at" TIMESTAMPTZ(3),
    "last_checked_at" TIMESTAMPTZ(3),

    CONSTRAINT "tasks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "task_items" (
    "id" BIGSERIAL NOT NULL,
    "task_id" BIGINT NOT NULL,
    "index" INTEGER NOT NULL,
    "cmd" TEXT NOT NULL,
    "cmd_digest" CHAR(64) NOT NULL,
    "occurrence" INTEGER NOT NULL DEFAULT 0,
    "op" VARCHAR(32) NOT NULL,
    "bucket" TEXT,
    "key" TEXT,
    "code" INTEGER NOT NULL,
    "desc" TEXT,
    "error" TEXT,
    "hash" TEXT,
    "fsize" BIGINT,
    "url" TEXT,
    "decompresslist" TEXT,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "task_items_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "task_events" (
    "id" BIGSERIAL NOT NULL,
    "task_id" BIGINT NOT NULL,
    "source" "EventSource" NOT NULL,
    "dedupe_key" VARCHAR(96) NOT NULL,
    "code" INTEGER,
    "deliveries" INTEGER NOT NULL DEFAULT 1,
    "raw" TEXT NOT NULL,
    "decoded" JSONB,
    "signature_key" TEXT,
    "signature_candidate" TEXT,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "task_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rejected_callbacks" (
    "id" BIGSERIAL NOT NULL,
    "dedupe_key" CHAR(64) NOT NULL,
    "reason" VARCHAR(48) NOT NULL,
    "failed_check" VARCHAR(48) NOT NULL,
    "message" TEXT NOT NULL,
    "access_key" TEXT,
    "method" VARCHAR(16) NOT NULL,
    "url" TEXT NOT NULL,
    "headers" JSONB NOT NULL,
    "body" TEXT NOT NULL,
    "body_bytes" INTEGER NOT NULL,
    "body_truncated" BOOLEAN NOT NULL DEFAULT false,
    "deliveries" INTEGER NOT NULL DEFAULT 1,
    "first_received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "rejected_callbacks_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "tasks_persistent_id_key" ON "tasks"("persistent_id");

-- CreateIndex
CREATE INDEX "tasks_activity_idx" ON "tasks"("last_activity_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "tasks_state_activity_idx" ON "tasks"("state", "last_activity_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "tasks_persistent_id_prefix_idx" ON "tasks"("persistent_id" varchar_pattern_ops);

-- CreateIndex
CREATE INDEX "tasks_ops_idx" ON "tasks" USING GIN ("ops");

-- CreateIndex
CREATE INDEX "task_items_task_index_idx" ON "task_items"("task_id", "index");

-- CreateIndex
CREATE INDEX "task_items_key_prefix_idx" ON "task_items"("key" text_pattern_ops);

-- CreateIndex
CREATE UNIQUE INDEX "task_items_identity_key" ON "task_items"("task_id", "cmd_digest", "occurrence");

-- CreateIndex
CREATE UNIQUE INDEX "task_events_dedupe_key_key" ON "task_events"("dedupe_key");

-- CreateIndex
CREATE INDEX "task_events_task_time_idx" ON "task_events"("task_id", "received_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "task_events_received_idx" ON "task_events"("received_at");

-- CreateIndex
CREATE UNIQUE INDEX "rejected_callbacks_dedupe_key_key" ON "rejected_callbacks"("dedupe_key");

-- CreateIndex
CREATE INDEX "rejected_callbacks_recent_idx" ON "rejected_callbacks"("last_received_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "rejected_callbacks_first_idx" ON "rejected_callbacks"("first_received_at");

-- AddForeignKey
ALTER TABLE "task_items" ADD CONSTRAINT "task_items_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "task_events" ADD CONSTRAINT "task_events_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE CASCADE ON UPDATE CASCADE;
