import "server-only";
import { createHash } from "node:crypto";
import { getDb } from "@/lib/db/client";

export type RejectionReason =
  | "missing_signature"
  | "malformed_signature"
  | "unknown_key"
  | "signature_mismatch"
  | "body_too_large"
  | "undecodable_body"
  | "invalid_document";

export const FAILED_CHECK: Record<RejectionReason, string> = {
  missing_signature: "signature",
  malformed_signature: "signature",
  unknown_key: "signature",
  signature_mismatch: "signature",
  body_too_large: "size",
  undecodable_body: "encoding",
  invalid_document: "document",
};

export const STORED_BODY_BYTES = 64 * 1024;

export type Rejection = {
  reason: RejectionReason;
  message: string;
  accessKey: string | null;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: Buffer;
  bodyBytes: number;
};

// Kept so the rejected-callbacks view can explain it; a sender that repeats the same
// request (the vendor retries 8 times) adds a delivery, not a row.
export async function recordRejectedCallback(rejection: Rejection, now = new Date()): Promise<void> {
  const stored = rejection.body.subarray(0, STORED_BODY_BYTES);
  const dedupeKey = createHash("sha256")
    .update(`${rejection.reason}\n${rejection.url}\n${rejection.headers.authorization ?? ""}\n${rejection.bodyBytes}\n`)
    .update(stored)
    .digest("hex");
  // Postgres text cannot hold NUL; a body that is not text is kept as its base64.
  const isText = !stored.includes(0) && Buffer.from(stored.toString("utf8")).equals(stored);
  const body = isText ? stored.toString("utf8") : `base64:${stored.toString("base64")}`;
  await getDb().$executeRaw`
    INSERT INTO rejected_callbacks (dedupe_key, reason, failed_check, message, access_key, method, url, headers, body, body_bytes, body_truncated, first_received_at, last_received_at)
    VALUES (${dedupeKey}, ${rejection.reason}, ${FAILED_CHECK[rejection.reason]}, ${rejection.message}, ${rejection.accessKey}, ${rejection.method},
            ${rejection.url}, ${JSON.stringify(rejection.headers)}::jsonb, ${body}, ${rejection.bodyBytes}, ${rejection.bodyBytes > stored.length}, ${now}, ${now})
    ON CONFLICT (dedupe_key) DO UPDATE SET deliveries = rejected_callbacks.deliveries + 1, last_received_at = EXCLUDED.last_received_at`;
}
