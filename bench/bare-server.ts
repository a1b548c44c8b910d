// The two "bare" references of the ingest benchmark: plain node:http and pg, no framework.
//   same-writes      what POST /api/fmgr/callback does for a valid callback (capped read,
//                    the same signature check, decode, validation, the app's own append
//                    statement), with the app's projector applying the events beside it.
//                    It imports the app's code rather than keeping a copy of the SQL.
//   durable-minimum  the least a callback needs before its 200: verify, decode, and one
//                    INSERT … ON CONFLICT of the event (raw text and decoded jsonb) in
//                    autocommit, into a table of its own. No task, no projection.
// Usage: tsx bench/bare-server.ts <same-writes|durable-minimum> <port> <database url> <AK:SK> <callback url>
import { createHash } from "node:crypto";
import http from "node:http";
import pg from "pg";
import { decodeCallbackBody } from "../lib/fmgr/callback-body";
import { verifyCallbackSignature } from "../lib/fmgr/signature";
import { parseTaskDocument } from "../lib/fmgr/task-document";
import { readBodyCapped } from "../lib/http/read-body";
import { pgRunner, transactionOnPool } from "../lib/db/sql-runner";
import { parseEnv } from "../lib/env";
import { appendEvent, dedupeKeyOf } from "../lib/tasks/ingest/append-event";
import { ingestSettingsFrom } from "../lib/tasks/ingest/ingest-settings";
import { claimAndApplyPending } from "../lib/tasks/projection/apply-pending";

const [mode, port, databaseUrl, keyPair, callbackUrl] = process.argv.slice(2);
const [accessKey, secretKey] = (keyPair ?? "").split(":");
const keys = new Map([[accessKey ?? "", secretKey ?? ""]]);
const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
// The app's defaults, with no alert webhook (as the benchmarked app runs).
const SETTINGS = ingestSettingsFrom(parseEnv({}));

type Verified = { raw: string; json: string; candidate: string };
type Reply = { status: number; body: unknown };

// The app's projector, reduced to its loop: claim, apply, commit, again while there is work.
async function projectForever(): Promise<never> {
  for (;;) {
    let applied = 0;
    try {
      applied = (await transactionOnPool(pool, (tx) => claimAndApplyPending(tx, SETTINGS), { waitForDisk: false })).events;
    } catch (error) {
      console.error("bare projector:", error);
    }
    if (applied === 0) await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function sameWrites(verified: Verified): Promise<Reply> {
  const parsed = parseTaskDocument(verified.json);
  if (!parsed.ok) return { status: 400, body: { error: parsed.message } };
  const snapshot = { document: parsed.document, source: "callback" as const, raw: verified.raw, json: verified.json, signature: { accessKey: accessKey ?? "", candidate: verified.candidate } };
  await appendEvent(pgRunner(pool), snapshot, dedupeKeyOf(snapshot), new Date());
  return { status: 200, body: { ok: true } };
}

async function durableMinimum(verified: Verified): Promise<Reply> {
  await pool.query(
    `INSERT INTO bare_events (dedupe_key, raw, decoded) VALUES ($1, $2, $3::jsonb)
     ON CONFLICT (dedupe_key) DO UPDATE SET deliveries = bare_events.deliveries + 1`,
    [createHash("sha256").update(verified.raw).digest("hex"), verified.raw, verified.json],
  );
  return { status: 200, body: { ok: true } };
}

const store = mode === "durable-minimum" ? durableMinimum : sameWrites;

async function handle(request: http.IncomingMessage): Promise<Reply> {
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      request.on("data", (chunk: Buffer) => controller.enqueue(new Uint8Array(chunk)));
      request.on("end", () => controller.close());
      request.on("error", (error) => controller.error(error));
    },
  });
  const body = await readBodyCapped(stream, 4 * 1024 * 1024);
  if (body.isTooLarge) return { status: 413, body: { error: "too large" } };
  const verdict = verifyCallbackSignature({ authorization: request.headers.authorization ?? null, rawBody: body.bytes, requestUrl: callbackUrl ?? "", configuredUrl: callbackUrl, keys });
  if (!verdict.ok) return { status: 401, body: { error: verdict.reason } };
  const decoded = decodeCallbackBody(body.bytes);
  if (!decoded.ok) return { status: 400, body: { error: decoded.message } };
  try {
    return await store({ raw: body.bytes.toString("utf8"), json: decoded.json, candidate: verdict.candidate });
  } catch {
    return { status: 503, body: { error: "storage" } };
  }
}

if (mode === "durable-minimum") {
  await pool.query(`CREATE TABLE IF NOT EXISTS bare_events (
    id bigserial PRIMARY KEY, dedupe_key text NOT NULL UNIQUE, raw text NOT NULL, decoded jsonb NOT NULL,
    deliveries int NOT NULL DEFAULT 1, received_at timestamptz NOT NULL DEFAULT now())`);
} else {
  void projectForever();
}

const server = http.createServer((request, response) => {
  void handle(request).then(({ status, body }) => response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body)));
});

server.listen(Number(port), "127.0.0.1", () => console.log(`bare server (${mode}) on ${port}`));
