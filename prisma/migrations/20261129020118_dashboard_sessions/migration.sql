-- CreateTable
CREATE TABLE "dashboard_sessions" (
    "id" CHAR(32) NOT NULL,
    "user_name" VARCHAR(64) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),
    "address" VARCHAR(64) NOT NULL,
    "user_agent" VARCHAR(400) NOT NULL,

    CONSTRAINT "dashboard_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "dashboard_sessions_user_idx" ON "dashboard_sessions"("user_name", "created_at");

-- CreateIndex
CREATE INDEX "dashboard_sessions_expiry_idx" ON "dashboard_sessions"("expires_at");
