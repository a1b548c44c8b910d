// Starts the production build (`next start`) as a child process with its own
// environment, for tests that must see the app as it really runs.
import { spawn, type ChildProcess } from "node:child_process";
import { readFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { signInOverHttp } from "./sign-in-over-http";
import { waitForProjection } from "./test-database";
import { TEST_AUTH_ENV, TEST_USER } from "./test-user";

export type AppServer = {
  url: string;
  port: number;
  pid: number;
  output: () => string;
  stop: () => Promise<void>;
  // The process's exit code once it has exited, else null.
  exitCode: () => number | null;
  // A session cookie ("name=value") from signing in as TEST_USER, made on first use.
  sessionCookie: () => Promise<string>;
  // fetch(url + path) with that cookie.
  signedInFetch: (path: string, init?: RequestInit) => Promise<Response>;
  // Resolves once the app's projector has applied every stored event: a callback answered
  // 200 is stored at once and shows on its task a moment later.
  projected: () => Promise<void>;
};

const ROOT = path.resolve(import.meta.dirname, "..", "..");

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

// A process's resident memory, from /proc, for tests that watch the app's footprint.
export async function residentMegabytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

function baseEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ["DATABASE_URL", "DATA_DIR", "NODE_OPTIONS", "VITEST", "VITEST_POOL_ID", "VITEST_WORKER_ID"]) {
    delete env[name];
  }
  return { ...env, NODE_ENV: "production" };
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the app exited with code ${child.exitCode}`);
    const ok = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5_000) })
      .then((response) => response.status === 200)
      .catch(() => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the app did not become healthy within ${timeoutMs} ms`);
}

// "{APP_URL}" in a value becomes the app's own address, known only once its port is
// chosen: FMGR_CALLBACK_URL, for a fake vendor that notifies the app.
export const APP_URL = "{APP_URL}";

function spawnApp(env: Record<string, string>, port: number): { child: ChildProcess; output: () => string } {
  const own = Object.fromEntries(Object.entries(env).map(([name, value]) => [name, value.replaceAll(APP_URL, `http://127.0.0.1:${port}`)]));
  const child = spawn(process.execPath, [path.join(ROOT, "scripts/serve.mjs")], {
    cwd: ROOT,
    env: { ...baseEnv(), ...TEST_AUTH_ENV, HOSTNAME: "127.0.0.1", ...own, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

export type LaunchedApp = {
  url: string;
  port: number;
  child: ChildProcess;
  output: () => string;
  // SIGTERM, then the exit code once the process is gone.
  stop: () => Promise<number | null>;
};

// Starts the app and returns at once, without waiting for it to be healthy: for tests of
// startup and shutdown themselves.
export async function launchAppServer(env: Record<string, string>): Promise<LaunchedApp> {
  const port = await freePort();
  const { child, output } = spawnApp(env, port);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const stop = () => {
    if (child.exitCode === null) child.kill("SIGTERM");
    return exited;
  };
  return { url: `http://127.0.0.1:${port}`, port, child, output, stop };
}

export async function startAppServer(env: Record<string, string>, timeoutMs = 60_000): Promise<AppServer> {
  const { url, port, child, output, stop } = await launchAppServer(env);
  try {
    await waitForHealth(url, child, timeoutMs);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n--- app output ---\n${output()}`);
  }
  let cookie: Promise<string> | undefined;
  const sessionCookie = () => {
    cookie ??= signInOverHttp(url, TEST_USER).then((result) => {
      if (!result.cookie) throw new Error(`signing in as ${TEST_USER.name} failed with HTTP ${result.status}`);
      return result.cookie;
    });
    return cookie;
  };
  const signedInFetch = async (pathAndQuery: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set("cookie", await sessionCookie());
    return fetch(`${url}${pathAndQuery}`, { ...init, headers });
  };
  const projected = () => {
    if (!env.DATABASE_URL) return Promise.reject(new Error("projected() needs the app's DATABASE_URL"));
    return waitForProjection(env.DATABASE_URL);
  };
  return { url, port, pid: child.pid ?? 0, output, stop: () => stop().then(() => undefined), exitCode: () => child.exitCode, sessionCookie, signedInFetch, projected };
}

// For configurations the app must refuse: it should exit by itself, and say why. The
// first request wakes the server's start-up hook, which is where configuration is read.
export async function runAppUntilExit(env: Record<string, string>, timeoutMs = 30_000): Promise<{ code: number | null; output: string }> {
  const port = await freePort();
  const { child, output } = spawnApp(env, port);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const poke = setInterval(() => void fetch(`http://127.0.0.1:${port}/api/health`).catch(() => undefined), 250);
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  const code = await exited;
  clearInterval(poke);
  clearTimeout(timer);
  return { code, output: output() };
}
