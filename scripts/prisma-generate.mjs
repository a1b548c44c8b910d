// `prisma generate` refuses to start without a schema-engine binary, which it would
// download from a host this project cannot reach. Generation never uses the engine,
// so any existing file satisfies the check (docs/decisions/001-offline-prisma-migrations.md).
import { spawnSync } from "node:child_process";

const result = spawnSync("npx", ["--no-install", "prisma", "generate"], {
  stdio: "inherit",
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? "/bin/false",
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
  },
});
process.exit(result.status ?? 1);
