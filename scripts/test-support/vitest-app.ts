// For Vitest files only (it registers hooks): an app on a database of its own for the
// whole file, started before its tests and stopped and dropped after them, with the test
// callback keys and the reconciler off unless `env` says otherwise.
import { afterAll, beforeAll } from "vitest";
import { startAppServer, type AppServer } from "./app-server";
import { TEST_KEYS } from "./signed-callback";
import { createTestDatabase, type TestDatabase } from "./test-database";

export type StartedApp = { app: AppServer; db: TestDatabase };

export function setUpTestApp(label: string, env: Record<string, string>, onStarted: (started: StartedApp) => void): void {
  let started: Partial<StartedApp> = {};
  beforeAll(async () => {
    const db = await createTestDatabase(label);
    started = { db };
    const app = await startAppServer({
      DATABASE_URL: db.url,
      FMGR_CALLBACK_KEYS: `${TEST_KEYS.accessKey}:${TEST_KEYS.secretKey}`,
      RECONCILER_ENABLED: "false",
      ...env,
    });
    started = { db, app };
    onStarted({ db, app });
  });
  afterAll(async () => {
    await started.app?.stop();
    await started.db?.drop();
  });
}
