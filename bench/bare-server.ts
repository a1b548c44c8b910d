// The "bare limit" of the ingest benchmark: plain node:http and pg, no framework, doing
// what POST /api/fmgr/callback does for a valid callback (capped read, the same
// signature check, decode, validation) and the same statements in one transaction: it
// imports the app's applySnapshot rather than keeping a copy of the SQL.
// Usage: tsx bench/bare-server.ts <port> <database url> <AK:SK> <callback url>
import http from "node:http";
import pg from "pg";
import { decodeCallbackBody } from "../lib/fmgr/callback-body";
import { verifyCallbackSignature } from "../lib/fmgr/signature";
import { parseTaskDocument, type TaskDocument } from "../lib/fmgr/task-document";
import { readBodyCapped } from "../lib/http/read-body";
import { pgRunner } from "../lib/db/sql-runner";
import { parseEnv } from "../lib/env";
import { applySnapshot, ingestSettingsFrom } from "../lib/tasks/ingest/apply-snapshot";

const [port, databaseUrl, keyPair, callbackUrl] = process.argv.slice(2);
const [accessKey, secretKey] = (keyPair ?? "").split(":");
const keys = new Map([[accessKey ?? "", secretKey ?? ""]]);
const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
// The app's defaults, with no alert webhook (as the benchmarked app runs).
const SETTINGS = ingestSettingsFrom(parseEnv({}));

// The app's own statements (applySnapshot), in one transaction on a pg client.
async function ingest(document: TaskDocument, raw: string, json: string, candidate: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await applySnapshot(pgRunner(client), { document, source: "callback", raw, json, signature: { accessKey: accessKey ?? "", candidate } }, new Date(), SETTINGS);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

function reply(response: http.ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

const server = http.createServer((request, response) => {
  void (async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        request.on("data", (chunk: Buffer) => controller.enqueue(new Uint8Array(chunk)));
        request.on("end", () => controller.close());
        request.on("error", (error) => controller.error(error));
      },
    });
    const body = await readBodyCapped(stream, 4 * 1024 * 1024);
    if (body.isTooLarge) return reply(response, 413, { error: "too large" });
    const verdict = verifyCallbackSignature({ authorization: request.headers.authorization ?? null, rawBody: body.bytes, requestUrl: callbackUrl ?? "", configuredUrl: callbackUrl, keys });
    if (!verdict.ok) return reply(response, 401, { error: verdict.reason });
    const decoded = decodeCallbackBody(body.bytes);
    if (!decoded.ok) return reply(response, 400, { error: decoded.message });
    const parsed = parseTaskDocument(decoded.json);
    if (!parsed.ok) return reply(response, 400, { error: parsed.message });
    try {
      await ingest(parsed.document, body.bytes.toString("utf8"), decoded.json, verdict.candidate);
      reply(response, 200, { ok: true });
    } catch {
      reply(response, 503, { error: "storage" });
    }
  })();
});

server.listen(Number(port), "127.0.0.1", () => console.log(`bare server on ${port}`));
