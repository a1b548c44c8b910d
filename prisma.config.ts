import { defineConfig } from "prisma/config";

// Only generation runs through the Prisma CLI here; migrations go through
// scripts/db-migrate.ts (see docs/decisions/001-offline-prisma-migrations.md).
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
