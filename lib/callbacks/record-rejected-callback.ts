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

// A refusal without a valid key (none, malformed, unknown; or a body too large to reach
// the check) costs its sender nothing, so it is kept small: 4 KiB of body, 2 KiB of
// headers, 128 characters of claimed key. A signature mismatch for a known key is the
// operator's debugging case and keeps the full 64 KiB.
export const KEYLESS_BODY_BYTES = 4 * 1024;
export const KEYLESS_HEADER_BYTES = 2 * 1024;
const KEYLESS: ReadonlySet<RejectionReason> = new Set(["missing_signature", "malformed_signature", "unknown_key", "body_too_large"]);

export const isKeyless = (reason: RejectionReason): boolean => KEYLESS.has(reason);

// Headers in arrival order until the budget is spent; a value that crosses it is cut.
function boundedHeaders(headers: Record<string, string>, budget: number): Record<string, string> {
  const kept: Record<string, string> = {};
  let left = budget;
  for (const [name, value] of Object.entries(headers)) {
    if (left <= name.length) break;
    kept[name] = value.slice(0, left - name.length);
    left -= name.length + kept[name].length;
  }
  return kept;
}

export type Rejection = {
  reason: RejectionReason;
  message: string;
  accessKey: string | null;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: Buffer;
  bodyBytes: number;
  // Where it came from (clientAddress), for grouping repeats.
  address: string;
};

// Kept so the rejected-callbacks view can explain it; a sender that repeats the same
// request (the vendor retries 8 times) adds a delivery, not a row. One statement counts
// it in its group (reason, claimed key, address) and records it.
export async function recordRejectedCallback(rejection: Rejection, now = new Date()): Promise<void> {
  const keyless = isKeyless(rejection.reason);
  const stored = rejection.body.subarray(0, keyless ? KEYLESS_BODY_BYTES : STORED_BODY_BYTES);
  const headers = keyless ? boundedHeaders(rejection.headers, KEYLESS_HEADER_BYTES) : rejection.headers;
  const accessKey = rejection.accessKey === null ? null : rejection.accessKey.slice(0, 128);
  const dedupeKey = createHash("sha256")
    .update(`${rejection.reason}\n${rejection.url}\n${rejection.headers.authorization ?? ""}\n${rejection.bodyBytes}\n${rejection.address}\n`)
    .update(stored)
    .digest("hex");
  // Postgres text cannot hold NUL; a body that is not text is kept as its base64.
  const isText = !stored.includes(0) && Buffer.from(stored.toString("utf8")).equals(stored);
  const body = isText ? stored.toString("utf8") : `base64:${stored.toString("base64")}`;
  await getDb().$executeRaw`
    WITH grouped AS (
      INSERT INTO rejected_callback_groups (reason, access_key, address, last_message, first_seen_at, last_seen_at)
      VALUES (${rejection.reason}, ${accessKey ?? ""}, ${rejection.address}, ${rejection.message}, ${now}, ${now})
      ON CONFLICT (reason, access_key, address) DO UPDATE SET requests = rejected_callback_groups.requests + 1,
        last_seen_at = GREATEST(rejected_callback_groups.last_seen_at, EXCLUDED.last_seen_at), last_message = EXCLUDED.last_message
      RETURNING id
    )
    INSERT INTO rejected_callbacks (dedupe_key, reason, failed_check, message, access_key, method, url, headers, body, body_bytes, body_truncated, first_received_at, last_received_at, address, group_id)
    SELECT ${dedupeKey}, ${rejection.reason}, ${FAILED_CHECK[rejection.reason]}, ${rejection.message}, ${accessKey}, ${rejection.method},
           ${rejection.url.slice(0, 2048)}, ${JSON.stringify(headers)}::jsonb, ${body}, ${rejection.bodyBytes}, ${rejection.bodyBytes > stored.length}, ${now}, ${now},
           ${rejection.address}, grouped.id
    FROM grouped
    ON CONFLICT (dedupe_key) DO UPDATE SET deliveries = rejected_callbacks.deliveries + 1, last_received_at = EXCLUDED.last_received_at`;
}
