import { defineConfig, devices } from "@playwright/test";
import { STAFF_STATE } from "./e2e/support/e2e-settings";

const PORT = Number(process.env.E2E_PORT ?? 3210);

// Debian's Chromium: Playwright cannot download its own browser here. The flags keep it
// from reaching for the network, which this machine does not have.
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

function chromiumLaunch() {
  return {
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
      "--no-first-run",
    ],
  };
}

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: true,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  // Server actions and re-renders share two cores with the app server and Postgres in
  // CI; 5 s (the default) was seen to be too short once for an action's answer.
  expect: { timeout: 10_000 },
  workers: 2,
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    { name: "sign-in", testMatch: "**/*.setup.ts", use: { ...devices["Desktop Chrome"], launchOptions: chromiumLaunch() } },
    {
      name: "chromium",
      testMatch: "**/*.spec.ts",
      dependencies: ["sign-in"],
      use: { ...devices["Desktop Chrome"], storageState: STAFF_STATE, launchOptions: chromiumLaunch() },
    },
  ],
  webServer: {
    command: `npx tsx e2e/support/serve-for-e2e.ts`,
    url: `http://127.0.0.1:${PORT}/api/health`,
    env: { E2E_PORT: String(PORT) },
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
  },
});
