// The standalone output the Dockerfile ships: copied away from the project (so nothing
// resolves through the project's node_modules), started as the image starts it, on a
// fresh Postgres and on the embedded database. Needs `npm run build` first.
import { spawn, type ChildProcess } from "node:child_process";
import { cp, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "@/scripts/test-support/app-server";
import { postSignedCallback, TEST_KEYS } from "@/scripts/test-support/signed-callback";
import { createTestDatabase, waitForProjection, type TestDatabase } from "@/scripts/test-support/test-database";

const ROOT = path.resolve(import.meta.dirname, "..");
let dir: string;
let db: TestDatabase;
const children: ChildProcess[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "fmgr-standalone-"));
  // The same copies as the Dockerfile's last stage.
  await cp(path.join(ROOT, ".next/standalone"), dir, { recursive: true });
  await cp(path.join(ROOT, ".next/static"), path.join(dir, ".next/static"), { recursive: true });
  await cp(path.join(ROOT, "public"), path.join(dir, "public"), { recursive: true });
  await cp(path.join(ROOT, "scripts/serve.mjs"), path.join(dir, "serve.mjs"));
  await cp(path.join(ROOT, ".next/fmgr"), path.join(dir, ".next/fmgr"), { recursive: true });
  db = await createTestDatabase("standalone");
}, 60_000);

afterAll(async () => {
  for (const child of children) child.kill("SIGTERM");
  await db?.drop();
  await rm(dir, { recursive: true, force: true });
});

async function startStandalone(env: Record<string, string>): Promise<{ url: string; output: () => string }> {
  const port = await freePort();
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(DATABASE_URL|DATA_DIR|NODE_OPTIONS|VITEST.*)$/.test(name)));
  const child = spawn(process.execPath, ["serve.mjs"], {
    cwd: dir,
    env: { ...clean, NODE_ENV: "production", PORT: String(port), HOSTNAME: "127.0.0.1", LOG_LEVEL: "warn", RECONCILER_ENABLED: "false", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the standalone server exited:\n${output}`);
    const ok = await fetch(`${url}/api/health`).then((response) => response.ok).catch(() => false);
    if (ok) return { url, output: () => output };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the standalone server did not become healthy:\n${output}`);
}

describe("the standalone build", () => {
  it("migrates a fresh Postgres, answers health, and serves its pages and their files", async () => {
    const server = await startStandalone({ DATABASE_URL: db.url, LOG_LEVEL: "info", FMGR_CALLBACK_KEYS: `${TEST_KEYS.accessKey}:${TEST_KEYS.secretKey}` });
    expect(await (await fetch(`${server.url}/api/health`)).json()).toEqual({ status: "ok", db: "ok" });
    // The projector's thread loads from the image's own node_modules, and applies.
    const id = "ff808081standalone00000000000001";
    const document = { id, code: 3, separate: 0, items: [{ cmd: "bucket/YQ==/key/YQ==", code: 6 }] };
    expect((await postSignedCallback({ appUrl: server.url, document })).status).toBe(200);
    await waitForProjection(db.url, 15_000, id);
    expect(server.output()).toContain("The projector runs in a thread of its own");
    const login = await fetch(`${server.url}/login`);
    expect(login.status).toBe(200);
    const script = /src="(\/_next\/static\/[^"]+\.js)"/.exec(await login.text())?.[1];
    expect((await fetch(`${server.url}${script}`)).status).toBe(200);
    expect(await (await fetch(`${server.url}/robots.txt`)).text()).toContain("Disallow: /");
  }, 90_000);

  it("runs on the embedded database when DATABASE_URL is unset", async () => {
    const server = await startStandalone({ DATA_DIR: path.join(dir, "data") });
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  }, 90_000);
});
