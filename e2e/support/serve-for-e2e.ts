// Playwright's web server: the production build on a fresh database on the local
// Postgres. Playwright may kill this process outright, so instead of cleaning up on
// exit, each run starts by recreating the one e2e database.
import { spawn } from "node:child_process";
import path from "node:path";
import { FakeVendor } from "../../scripts/fake-vendor";
import { E2E_CALLBACK_KEY, E2E_DATABASE, E2E_MGR_KEY, E2E_VENDOR_PORT } from "./e2e-settings";
import { recreateDatabase } from "../../scripts/test-support/test-database";
import { TEST_AUTH_ENV } from "../../scripts/test-support/test-user";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const port = process.env.E2E_PORT ?? "3210";

const db = await recreateDatabase(E2E_DATABASE);
// Specs drive it over its /_control endpoints, from their own processes.
const vendor = await FakeVendor.start({ port: E2E_VENDOR_PORT });
const app = spawn(process.execPath, [path.join(ROOT, "scripts/serve.mjs")], {
  cwd: ROOT,
  env: {
    ...process.env,
    ...TEST_AUTH_ENV,
    NODE_ENV: "production",
    PORT: port,
    HOSTNAME: "127.0.0.1",
    DATABASE_URL: db.url,
    FMGR_MGR_DOMAIN: vendor.url,
    FMGR_CALLBACK_KEYS: `${E2E_CALLBACK_KEY.accessKey}:${E2E_CALLBACK_KEY.secretKey},${E2E_MGR_KEY.accessKey}:${E2E_MGR_KEY.secretKey}`,
    FMGR_CALLBACK_URL: `http://127.0.0.1:${port}/api/fmgr/callback`,
    FMGR_MGR_ACCESS_KEY: E2E_MGR_KEY.accessKey,
    FMGR_MGR_SECRET_KEY: E2E_MGR_KEY.secretKey,
    FMGR_LOOKUP_TIMEOUT_MS: "2000",
    // Short, so a browser test can watch a task become stuck.
    ATTENTION_STUCK_AFTER_MS: "3000",
    LOG_LEVEL: "warn",
  },
  stdio: "inherit",
});

app.once("exit", (code) => process.exit(code ?? 1));
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => app.kill(signal));
}
