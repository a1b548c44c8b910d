-- AlterTable
ALTER TABLE "rejected_callbacks" ADD COLUMN     "address" VARCHAR(64) NOT NULL DEFAULT '',
ADD COLUMN     "group_id" BIGINT;

-- CreateTable
CREATE TABLE "rejected_callback_groups" (
    "id" BIGSERIAL NOT NULL,
    "reason" VARCHAR(48) NOT NULL,
    "access_key" VARCHAR(128) NOT NULL DEFAULT '',
    "address" VARCHAR(64) NOT NULL,
    "requests" INTEGER NOT NULL DEFAULT 1,
    "last_message" TEXT NOT NULL,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "rejected_callback_groups_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "rejected_callback_groups_recent_idx" ON "rejected_callback_groups"("last_seen_at" DESC, "id" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "rejected_callback_groups_identity_key" ON "rejected_callback_groups"("reason", "access_key", "address");

-- CreateIndex
CREATE INDEX "rejected_callbacks_group_idx" ON "rejected_callbacks"("group_id", "last_received_at" DESC);
