import "server-only";
import { decodeCallbackBody } from "@/lib/fmgr/callback-body";
import { verifyCallbackSignature } from "@/lib/fmgr/signature";
import { parseTaskDocument } from "@/lib/fmgr/task-document";
import { getEnv } from "@/lib/env";
import { AppError, type ErrorCode } from "@/lib/errors";
import type { CappedBody } from "@/lib/http/read-body";
import { logger } from "@/lib/logger";
import { getMetrics, secondsSince } from "@/lib/metrics";
import { appendSnapshot } from "@/lib/tasks/ingest/ingest-snapshot";
import { takeRefusalBudget } from "./refusal-budget";
import { isKeyless, recordRejectedCallback, type Rejection, type RejectionReason } from "./record-rejected-callback";

export const MAX_CALLBACK_BYTES = 4 * 1024 * 1024;

// What the route read: the URL the request arrived at, its headers, and its body (capped;
// null when the sender went away before the end).
export type CallbackRequest = { method: string; url: string; headers: Headers; body: CappedBody | null; address: string };
export type CallbackOutcome = { result: "stored" | "duplicate" | "rejected" | "unavailable" | "unreadable"; reason?: RejectionReason };
// Stored (no error), or the typed error the sender is answered with.
export type CallbackResult = { outcome: CallbackOutcome; error?: AppError };

const REPLY_CODE: Record<RejectionReason, ErrorCode> = {
  missing_signature: "unauthorized",
  malformed_signature: "unauthorized",
  unknown_key: "unauthorized",
  signature_mismatch: "unauthorized",
  body_too_large: "payload_too_large",
  undecodable_body: "invalid_document",
  invalid_document: "invalid_document",
};

function headersOf(request: CallbackRequest): Record<string, string> {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    if (name !== "cookie") headers[name] = value;
  });
  return headers;
}

function errorReply(error: AppError, outcome: CallbackOutcome): CallbackResult {
  return { error, outcome };
}

// Rejections are stored before the answer goes out; if even that fails, the sender is
// told to come back (503) rather than have its request vanish.
async function reject(rejection: Rejection): Promise<CallbackResult> {
  const refused = errorReply(new AppError(REPLY_CODE[rejection.reason], rejection.message), { result: "rejected", reason: rejection.reason });
  // Past an address's budget, a refusal without a valid key is answered and counted only.
  if (isKeyless(rejection.reason) && !takeRefusalBudget(rejection.address)) {
    getMetrics().callbackRefusalsUnstored.inc({ reason: rejection.reason });
    return refused;
  }
  logger.warn({ reason: rejection.reason, accessKey: rejection.accessKey?.slice(0, 128), bytes: rejection.bodyBytes, address: rejection.address }, "callback rejected");
  try {
    await recordRejectedCallback(rejection);
  } catch (error) {
    logger.error({ err: error, reason: rejection.reason }, "could not record a rejected callback");
    return errorReply(new AppError("storage_unavailable", "The callback could not be recorded; try again."), { result: "unavailable", reason: rejection.reason });
  }
  return refused;
}

// Counts every callback by how it ended, and how long the answer took.
export async function receiveCallback(request: CallbackRequest): Promise<CallbackResult> {
  const started = performance.now();
  const reply = await handleCallback(request);
  const metrics = getMetrics();
  metrics.callbacks.inc({ result: reply.outcome.result, reason: reply.outcome.reason ?? "" });
  metrics.callbackSeconds.observe({ result: reply.outcome.result }, secondsSince(started));
  return reply;
}

// docs/protocol.md, "Callbacks": verify before parsing, decode, validate, append, and
// report success only once the event is committed; the projector applies it after.
async function handleCallback(request: CallbackRequest): Promise<CallbackResult> {
  const env = getEnv();
  const { url, body } = request;
  if (!body) {
    logger.warn("a callback body could not be read; the sender went away");
    return errorReply(new AppError("invalid_request", "The request body could not be read to its end."), { result: "unreadable" });
  }
  const rejection = { method: request.method, url, headers: headersOf(request), body: body.bytes, bodyBytes: body.size, accessKey: null, address: request.address };
  if (body.isTooLarge) {
    return reject({ ...rejection, reason: "body_too_large", message: `The body is larger than ${MAX_CALLBACK_BYTES / 1024 / 1024} MiB.` });
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
    const result = await appendSnapshot({
      document: parsed.document,
      source: "callback",
      raw: body.bytes.toString("utf8"),
      json: decoded.json,
      signature: { accessKey: verdict.accessKey, candidate: verdict.candidate },
    });
    logger.info({ persistentId: parsed.document.id, duplicate: result.isDuplicate, candidate: verdict.candidate }, "callback stored");
    return { outcome: { result: result.isDuplicate ? "duplicate" : "stored" } };
  } catch (error) {
    logger.error({ err: error, persistentId: parsed.document.id }, "could not store a callback; the vendor will retry");
    return errorReply(new AppError("storage_unavailable", "The callback could not be stored; try again."), { result: "unavailable" });
  }
}
