// Runs against the production build: `npm run build` first (the test command does).
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { newPGlite } from "@/lib/db/target";
import { runAppUntilExit, startAppServer, type AppServer } from "@/scripts/test-support/app-server";
import { postSignedCallback, TEST_KEYS } from "@/scripts/test-support/signed-callback";

const tempDirs: string[] = [];

afterAll(async () => {
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

// The overview shows one count per state; their sum is every task the app can read.
async function overviewTaskCount(app: AppServer): Promise<number> {
  const html = await (await app.signedInFetch("/")).text();
  const counts = [...html.matchAll(/data-testid="count-[a-z]+"[^>]*>([\d,]+)</g)].map((match) =>
    Number((match[1] ?? "").replace(/,/g, "")),
  );
  if (counts.length !== 6) throw new Error(`expected 6 state counts on the overview, found ${counts.length}`);
  return counts.reduce((sum, count) => sum + count, 0);
}

describe("the app with no DATABASE_URL", () => {
  it("runs on an embedded database in DATA_DIR that survives restarts", async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "fmgr-embedded-"));
    tempDirs.push(dataDir);

    const first = await startAppServer({ DATA_DIR: dataDir });
    expect(first.output()).toContain(`Using embedded PGlite in ${path.join(dataDir, "pglite")}`);
    expect(first.output()).toMatch(/Applied \d+ migration/);
    expect(first.output()).toContain("FMGR_CALLBACK_KEYS is not set: every callback will be rejected");
    expect(await overviewTaskCount(first)).toBe(0);
    expect(await (await first.signedInFetch("/")).text()).toContain("No tasks yet");
    expect(await (await first.signedInFetch("/callbacks")).text()).toContain("No rejected callbacks");
    await first.stop();

    // Written while the app is down (PGlite is single-process), read back through the app.
    const db = newPGlite(path.join(dataDir, "pglite"));
    await db.query("INSERT INTO tasks (persistent_id, state) VALUES ('ff80808149deceff014a7090b6700000', 'processing')");
    await db.close();

    for (let restart = 0; restart < 2; restart++) {
      const app = await startAppServer({ DATA_DIR: dataDir });
      expect(app.output()).toContain("Database schema is up to date");
      expect(await overviewTaskCount(app)).toBe(1);
      const tasksPage = await (await app.signedInFetch("/tasks")).text();
      expect(tasksPage).toContain("ff80808149deceff014a7090b6700000");
      await app.stop();
    }

    // A callback is ingested through the embedded database's transaction path too, and
    // the trigger-kept counts follow it.
    const app = await startAppServer({ DATA_DIR: dataDir, FMGR_CALLBACK_KEYS: `${TEST_KEYS.accessKey}:${TEST_KEYS.secretKey}` });
    const document = { id: "ff80808149deceff014a7090b6700000", code: 3, separate: 0, items: [{ cmd: "bucket/YQ==/key/Yg==", code: 6, key: "b" }] };
    expect((await postSignedCallback({ appUrl: app.url, document })).status).toBe(200);
    expect((await postSignedCallback({ appUrl: app.url, document })).status).toBe(200);
    const detail = (await (await app.signedInFetch("/api/tasks/ff80808149deceff014a7090b6700000")).json()) as { task: { state: string }; events: { deliveries: number }[] };
    expect(detail.task.state).toBe("succeeded");
    expect(detail.events.map((event) => event.deliveries)).toEqual([2]);
    const counts = (await (await app.signedInFetch("/api/task-counts")).json()) as { counts: Record<string, number> };
    expect(counts.counts).toMatchObject({ succeeded: 1, processing: 0 });
    await app.stop();
  }, 120_000);
});

describe("the app with a bad configuration", () => {
  it("stops at start and names the variable and the problem", async () => {
    const { code, output } = await runAppUntilExit({ FMGR_CALLBACK_KEYS: "AK_one:SK_one,broken", SESSION_SECRET: "short" });
    expect(code).toBe(1);
    expect(output).toContain("fmgr-monitor cannot start");
    expect(output).toContain("FMGR_CALLBACK_KEYS: entry 2 is not AccessKey:SecretKey");
    expect(output).toContain("SESSION_SECRET: must be at least 32 characters");
    expect(output).not.toContain("SK_one");
  });
});
