// The production server: Next.js's request handler on a node:http server of our own, so
// that a SIGTERM can drain it. `npm start` runs it from the project after `npm run build`;
// the Docker image runs it from the standalone output (copied there as serve.mjs). Either
// way the build's own config (.next/required-server-files.json) is used, so no
// next.config.js is read at run time and `next start`'s standalone warning never shows.
//
// On SIGTERM or SIGINT: readiness turns 503 at once, the listening socket closes (new
// connections are refused; a load balancer retries them elsewhere), the requests in
// flight are answered (each callback answered 200 is committed by then), and the app's
// shutdown steps run (workers stop, reconcile claims are handed back, the pool closes).
// All of it within SHUTDOWN_GRACE_MS, after which the process exits anyway.
import { readFileSync } from "node:fs";
import http from "node:http";
import module from "node:module";
import path from "node:path";

const dir = process.cwd();
const require = module.createRequire(path.join(dir, "package.json"));

process.env.NODE_ENV = "production";
// Next.js must not install its own signal handlers: this file drains the server itself.
process.env.NEXT_MANUAL_SIG_HANDLE = "true";

function buildConfig() {
  try {
    return JSON.parse(readFileSync(path.join(dir, ".next/required-server-files.json"), "utf8")).config;
  } catch {
    console.error(`fmgr-monitor: no production build in ${dir}/.next. Run npm run build first.`);
    process.exit(1);
  }
}
process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(buildConfig());

const port = Number.parseInt(process.env.PORT ?? "", 10) || 3000;
const hostname = process.env.HOSTNAME || "0.0.0.0";
const DEFAULT_GRACE_MS = 10_000;

require("next");
const { getRequestHandlers } = require("next/dist/server/lib/start-server");
// The middleware Next.js compresses with (next.config.js turns its own off), from Next's
// own copy, so the standalone image needs nothing more.
const compression = require("next/dist/compiled/compression");
const { releaseCompressionStream } = require("next/dist/server/lib/release-compression-stream");

// The app's lifecycle (lib/lifecycle.ts), once the app has made it.
const lifecycle = () => globalThis.fmgrProcessGlobals?.get("lifecycle");

let handleRequest = null;
let isStopping = false;
const waiting = [];

// Until the app's startup hook is done (it migrates the database first), Next.js holds
// every request; the probes are answered here instead, as lib/health.ts answers them once
// the app runs, so a load balancer sees "starting" rather than a hung check.
const PROBES = new Set(["/api/health", "/api/ready"]);
const STARTING = { status: "starting", message: "Starting: migrating the database and loading the accounts." };
const isStarted = () => lifecycle() !== undefined && lifecycle().phase !== "starting";

const server = http.createServer((request, response) => {
  // A connection that carried a request during the drain is not kept for another.
  if (isStopping) response.setHeader("connection", "close");
  if (!isStarted() && PROBES.has(new URL(request.url ?? "/", "http://app").pathname)) {
    response.writeHead(503, { "content-type": "application/json", "cache-control": "no-store", "retry-after": "5" });
    return void response.end(JSON.stringify({ ...STARTING, error: { code: "starting", message: STARTING.message } }));
  }
  if (handleRequest) return void serve(request, response);
  waiting.push([request, response]);
});

// Pages, their data and static files are compressed; the JSON API is not: its answers
// are small (a callback's {"ok":true}, a page of tasks), so gzip costs more time than it
// saves bytes on the links that carry them. Exports are large files, and are compressed.
const isUncompressed = (url) => (url.startsWith("/api/") && !url.startsWith("/api/exports/")) || url.startsWith("/metrics");
const compress = compression({ filter: (request, response) => !isUncompressed(request.url ?? "/") && compression.filter(request, response) });

function compressUnlessApi(request, response) {
  compress(request, response, () => {});
  // A client that goes away mid-answer would leave the zlib stream open (as Next.js does).
  response.once("close", () => {
    if (!response.writableFinished) releaseCompressionStream(response);
  });
}

async function serve(request, response) {
  compressUnlessApi(request, response);
  try {
    await handleRequest(request, response);
  } catch (error) {
    console.error(`Failed to handle request for ${request.url}`, error);
    if (!response.headersSent) response.statusCode = 500;
    response.end();
  }
}

server.on("error", (error) => {
  console.error("fmgr-monitor: the server could not listen", error);
  process.exit(1);
});

// Listening first, so a load balancer's probe gets "starting" rather than a refusal.
await new Promise((resolve) => server.listen(port, hostname, resolve));
console.log(`fmgr-monitor listening on http://${hostname}:${port}`);
const handlers = await getRequestHandlers({ dir, port, hostname, isDev: false, server, minimalMode: false });
server.on("upgrade", (request, socket, head) => void Promise.resolve(handlers.upgradeHandler(request, socket, head)).catch(() => socket.destroy()));
handleRequest = handlers.requestHandler;
for (const [request, response] of waiting.splice(0)) void serve(request, response);

async function drain(signal) {
  if (isStopping) return;
  isStopping = true;
  const graceMs = lifecycle()?.graceMs ?? DEFAULT_GRACE_MS;
  console.log(`fmgr-monitor: ${signal}, draining (at most ${graceMs} ms)`);
  const deadline = setTimeout(() => {
    console.error(`fmgr-monitor: still busy after ${graceMs} ms; exiting anyway`);
    process.exit(1);
  }, graceMs);
  deadline.unref();
  lifecycle()?.beginDraining();
  await new Promise((resolve) => {
    server.close(() => resolve());
    // Keep-alive connections would hold the server open; each is closed once it is idle.
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    server.once("close", () => clearInterval(sweep));
    server.closeIdleConnections();
  });
  await handlers.server?.close?.().catch(() => undefined);
  await lifecycle()?.shutdown();
  console.log("fmgr-monitor: stopped");
  process.exit(0);
}

process.on("SIGTERM", () => void drain("SIGTERM"));
process.on("SIGINT", () => void drain("SIGINT"));
