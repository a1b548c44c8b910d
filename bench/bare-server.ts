// The "bare limit" of the ingest benchmark: plain node:http and pg, no framework, doing
// what POST /api/fmgr/callback does for a valid callback (capped read, the same
// signature check, decode, validation, item merge) and the same writes in one
// transaction. Usage: tsx bench/bare-server.ts <port> <database url> <AK:SK> <callback url>
import { createHash } from "node:crypto";
import http from "node:http";
import pg from "pg";
import { decodeCallbackBody } from "../lib/fmgr/callback-body";
import { describeItemCode, mayReplaceTaskCode } from "../lib/fmgr/codes";
import { deriveTaskState, type TaskState } from "../lib/tasks/task-state";
import { verifyCallbackSignature } from "../lib/fmgr/signature";
import { jsonForStorage, parseTaskDocument, type TaskDocument } from "../lib/fmgr/task-document";
import { readBodyCapped } from "../lib/http/read-body";
import { mergeItems, type ItemRow, type StoredItem } from "../lib/tasks/ingest/merge-items";

const [port, databaseUrl, keyPair, callbackUrl] = process.argv.slice(2);
const [accessKey, secretKey] = (keyPair ?? "").split(":");
const keys = new Map([[accessKey ?? "", secretKey ?? ""]]);
const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });

async function ingest(document: TaskDocument, raw: string, json: string, candidate: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const { rows: [task] } = await client.query<{ id: string; state: TaskState; callback_code: number | null; lookup_code: number | null }>(
      `INSERT INTO tasks (persistent_id) VALUES ($1) ON CONFLICT (persistent_id) DO UPDATE SET persistent_id = EXCLUDED.persistent_id
       RETURNING id, state, callback_code, lookup_code`,
      [document.id],
    );
    const dedupeKey = `callback:${createHash("sha256").update(raw).digest("hex")}`;
    const { rows: [event] } = await client.query<{ inserted: boolean }>(
      `INSERT INTO task_events (task_id, source, dedupe_key, code, raw, decoded, signature_key, signature_candidate)
       VALUES ($1, 'callback', $2, $3, $4, $5::jsonb, $6, $7)
       ON CONFLICT (dedupe_key) DO UPDATE SET deliveries = task_events.deliveries + 1 RETURNING (xmax = 0) AS inserted`,
      [task!.id, dedupeKey, document.code, raw, jsonForStorage(json), accessKey, candidate],
    );
    if (event!.inserted) {
      const { rows: stored } = await client.query<StoredItem>(
        `SELECT cmd_digest AS "cmdDigest", occurrence, code, op, index FROM task_items WHERE task_id = $1`,
        [task!.id],
      );
      const merge = mergeItems(stored, document);
      if (merge.writes.length > 0) {
        const column = <K extends keyof ItemRow>(key: K) => merge.writes.map((row) => row[key]);
        await client.query(
          `INSERT INTO task_items (task_id, index, cmd, cmd_digest, occurrence, op, bucket, key, code, "desc", error, hash, fsize, url, decompresslist)
           SELECT $1, u.index, u.cmd, u.cmd_digest, u.occurrence, u.op, u.bucket, u.key, u.code, u."desc", u.error, u.hash, u.fsize::bigint, u.url, u.decompresslist
           FROM unnest($2::int[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[], $8::text[], $9::int[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[])
             AS u(index, cmd, cmd_digest, occurrence, op, bucket, key, code, "desc", error, hash, fsize, url, decompresslist)
           ON CONFLICT (task_id, cmd_digest, occurrence) DO UPDATE SET code = EXCLUDED.code, index = EXCLUDED.index`,
          [task!.id, column("index"), column("cmd"), column("cmdDigest"), column("occurrence"), column("op"), column("bucket"), column("key"),
            column("code"), column("desc"), column("error"), column("hash"), column("fsize"), column("url"), column("decompresslist")],
        );
      }
      const takesCode = mayReplaceTaskCode("callback", task!.callback_code, document.code);
      const callbackCode = takesCode ? document.code : task!.callback_code;
      const state = deriveTaskState({ itemCodes: merge.codes, lookupCode: task!.lookup_code, callbackCode });
      const failed = merge.codes.filter((code) => describeItemCode(code).class === "failed").length;
      const succeeded = merge.codes.filter((code) => describeItemCode(code).class === "succeeded").length;
      await client.query(
        `UPDATE tasks SET state = $2::"TaskState", callback_code = $3, ops = $4::text[], item_count = $5, failed_count = $6, succeeded_count = $7,
                updated_at = now(), last_activity_at = now(), last_callback_at = now()
         WHERE id = $1`,
        [task!.id, state, callbackCode, merge.ops, merge.codes.length, failed, succeeded],
      );
    }
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
