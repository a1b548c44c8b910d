import "server-only";
import { decodeCallbackBody } from "@/lib/fmgr/callback-body";
import { verifyCallbackSignature } from "@/lib/fmgr/signature";
import { parseTaskDocument } from "@/lib/fmgr/task-document";
import { getEnv } from "@/lib/env";
import { AppError, toErrorBody, type ErrorCode } from "@/lib/errors";
import { readBodyCapped } from "@/lib/http/read-body";
import { arrivalUrl } from "@/lib/http/request-url";
import { logger } from "@/lib/logger";
import { getMetrics, secondsSince } from "@/lib/metrics";
import { ingestSnapshot } from "@/lib/tasks/ingest/ingest-snapshot";
import { recordRejectedCallback, STORED_BODY_BYTES, type Rejection, type RejectionReason } from "./record-rejected-callback";

export const MAX_CALLBACK_BYTES = 4 * 1024 * 1024;

export type CallbackOutcome = { result: "stored" | "duplicate" | "rejected" | "unavailable" | "unreadable"; reason?: RejectionReason };
export type CallbackReply = { status: number; body: unknown; headers?: Record<string, string>; outcome: CallbackOutcome };

const REPLY_CODE: Record<RejectionReason, ErrorCode> = {
  missing_signature: "unauthorized",
  malformed_signature: "unauthorized",
  unknown_key: "unauthorized",
  signature_mismatch: "unauthorized",
  body_too_large: "payload_too_large",
  undecodable_body: "invalid_document",
  invalid_document: "invalid_document",
};

function headersOf(request: Request): Record<string, string> {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    if (name !== "cookie") headers[name] = value;
  });
  return headers;
}

function errorReply(error: AppError, outcome: CallbackOutcome): CallbackReply {
  return { status: error.status, body: toErrorBody(error), outcome };
}

// Rejections are stored before the answer goes out; if even that fails, the sender is
// told to come back (503) rather than have its request vanish.
async function reject(rejection: Rejection): Promise<CallbackReply> {
  logger.warn({ reason: rejection.reason, accessKey: rejection.accessKey, bytes: rejection.bodyBytes }, "callback rejected");
  try {
    await recordRejectedCallback(rejection);
  } catch (error) {
    logger.error({ err: error, reason: rejection.reason }, "could not record a rejected callback");
    return errorReply(new AppError("storage_unavailable", "The callback could not be recorded; try again."), { result: "unavailable", reason: rejection.reason });
  }
  return errorReply(new AppError(REPLY_CODE[rejection.reason], rejection.message), { result: "rejected", reason: rejection.reason });
}

// A body announced as too large is not read past what a rejection keeps of it.
async function readCallbackBody(request: Request) {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (!Number.isFinite(declared) || declared <= MAX_CALLBACK_BYTES) return readBodyCapped(request.body, MAX_CALLBACK_BYTES);
  const start = await readBodyCapped(request.body, STORED_BODY_BYTES);
  return { bytes: start.bytes, size: Math.max(declared, start.size), isTooLarge: true };
}

// Counts every callback by how it ended, and how long the answer took.
export async function receiveCallback(request: Request): Promise<CallbackReply> {
  const started = performance.now();
  const reply = await handleCallback(request);
  const metrics = getMetrics();
  metrics.callbacks.inc({ result: reply.outcome.result, reason: reply.outcome.reason ?? "" });
  metrics.callbackSeconds.observe({ result: reply.outcome.result }, secondsSince(started));
  return reply;
}

// SPEC 2 and 5: cap the body, verify before parsing, decode, validate, ingest, and
// answer 200 only once the transaction has committed.
async function handleCallback(request: Request): Promise<CallbackReply> {
  const env = getEnv();
  const url = arrivalUrl(request);
  const base = { method: request.method, url, headers: headersOf(request) };
  const body = await readCallbackBody(request).catch((error: unknown) => {
    logger.warn({ err: error }, "a callback body could not be read; the sender went away");
    return null;
  });
  if (!body) return errorReply(new AppError("invalid_request", "The request body could not be read to its end."), { result: "unreadable" });
  const rejection = { ...base, body: body.bytes, bodyBytes: body.size, accessKey: null };
  if (body.isTooLarge) {
    const reply = await reject({ ...rejection, reason: "body_too_large", message: `The body is larger than ${MAX_CALLBACK_BYTES / 1024 / 1024} MiB.` });
    // The rest of the body was never read, so this connection cannot carry another request.
    return { ...reply, headers: { connection: "close" } };
  }

  const verdict = verifyCallbackSignature({
    authorization: request.headers.get("authorization"),
    rawBody: body.bytes,
    requestUrl: url,
    configuredUrl: env.FMGR_CALLBACK_URL,
    keys: env.FMGR_CALLBACK_KEYS,
  });
  if (!verdict.ok) return reject({ ...rejection, reason: verdict.reason, message: verdict.message, accessKey: verdict.accessKey });

  const signed = { ...rejection, accessKey: verdict.accessKey };
  const decoded = decodeCallbackBody(body.bytes);
  if (!decoded.ok) return reject({ ...signed, reason: "undecodable_body", message: decoded.message });
  const parsed = parseTaskDocument(decoded.json);
  if (!parsed.ok) return reject({ ...signed, reason: "invalid_document", message: `Not a valid task document: ${parsed.message}` });

  try {
    const result = await ingestSnapshot({
      document: parsed.document,
      source: "callback",
      raw: body.bytes.toString("utf8"),
      json: decoded.json,
      signature: { accessKey: verdict.accessKey, candidate: verdict.candidate },
    });
    logger.info({ persistentId: parsed.document.id, state: result.state, duplicate: result.isDuplicate, candidate: verdict.candidate }, "callback stored");
    return { status: 200, body: { ok: true }, outcome: { result: result.isDuplicate ? "duplicate" : "stored" } };
  } catch (error) {
    logger.error({ err: error, persistentId: parsed.document.id }, "could not store a callback; the vendor will retry");
    return errorReply(new AppError("storage_unavailable", "The callback could not be stored; try again."), { result: "unavailable" });
  }
}
