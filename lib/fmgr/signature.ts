// Callback signatures (docs/protocol.md, "Signature"): Authorization is "<AccessKey>:<Signature>", where
// Signature = urlsafe_base64(hex(HMAC-SHA1(SecretKey, U + "\n" + B))).
import { createHmac, timingSafeEqual } from "node:crypto";
import { decodeBase64Tolerant, encodeUrlSafeBase64 } from "./base64";

export type UrlCandidate = "configured-url" | "request-url" | "path-and-query";
export type BodyCandidate = "raw-body" | "encoded-body";
export type SignatureCandidate = `${UrlCandidate}+${BodyCandidate}`;

export type SignatureFailure = "missing_signature" | "malformed_signature" | "unknown_key" | "signature_mismatch";

export type SignatureVerdict =
  | { ok: true; accessKey: string; candidate: SignatureCandidate }
  | { ok: false; reason: SignatureFailure; accessKey: string | null; message: string };

function hmacHex(secretKey: string, ...parts: (Buffer | string)[]): Buffer {
  const hmac = createHmac("sha1", secretKey);
  for (const part of parts) hmac.update(part);
  return Buffer.from(hmac.digest("hex"), "ascii");
}

// The vendor's primitive, as its SDK tests state it: URL-safe base64 of the hex HMAC.
export function hmacSha1HexBase64(secretKey: string, data: Buffer | string): string {
  return encodeUrlSafeBase64(hmacHex(secretKey, data));
}

export function computeSignature(secretKey: string, url: string, body: Buffer | string): string {
  return encodeUrlSafeBase64(hmacHex(secretKey, url, "\n", body));
}

export function signCallback(options: { accessKey: string; secretKey: string; url: string; body: Buffer | string }): string {
  return `${options.accessKey}:${computeSignature(options.secretKey, options.url, options.body)}`;
}

// The candidates for U (docs/protocol.md, "Signature"), in the order they are tried.
// With the notifyURL configured, it alone counts: as registered, and as its path and
// query (what the vendor's SDK signs for a management token). Nothing then comes from
// the request's Host or X-Forwarded-* headers, so a body signed for another deployment
// (staging) cannot be replayed here by dressing the request up as that host.
export function urlCandidates(requestUrl: string, configuredUrl?: string): [UrlCandidate, string][] {
  const url = new URL(configuredUrl ?? requestUrl);
  const pathAndQuery: [UrlCandidate, string] = ["path-and-query", `${url.pathname}${url.search}`];
  return configuredUrl ? [["configured-url", configuredUrl], pathAndQuery] : [["request-url", url.href], pathAndQuery];
}

function parseAuthorization(header: string): { accessKey: string; digest: Buffer } | null {
  const separator = header.lastIndexOf(":");
  if (separator <= 0) return null;
  const accessKey = header.slice(0, separator).trim();
  const digest = decodeBase64Tolerant(header.slice(separator + 1));
  if (!accessKey || /\s/.test(accessKey) || !digest || digest.length === 0) return null;
  return { accessKey, digest };
}

// Equal-length buffers go to timingSafeEqual; a length mismatch is a plain "no", never a
// throw, and it leaks only the length, which the format makes public anyway.
function digestsMatch(expected: Buffer, given: Buffer): boolean {
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export function verifyCallbackSignature(options: {
  authorization: string | null | undefined;
  rawBody: Buffer;
  requestUrl: string;
  configuredUrl?: string;
  keys: ReadonlyMap<string, string>;
}): SignatureVerdict {
  const header = options.authorization?.trim();
  if (!header) {
    return { ok: false, reason: "missing_signature", accessKey: null, message: "No Authorization header." };
  }
  const parsed = parseAuthorization(header);
  if (!parsed) {
    return {
      ok: false,
      reason: "malformed_signature",
      accessKey: null,
      message: "The Authorization header is not <AccessKey>:<base64 signature>.",
    };
  }
  const secretKey = options.keys.get(parsed.accessKey);
  if (secretKey === undefined) {
    return {
      ok: false,
      reason: "unknown_key",
      accessKey: parsed.accessKey,
      message: `AccessKey "${parsed.accessKey}" is not one of the configured callback keys.`,
    };
  }
  const bodies: [BodyCandidate, Buffer | string][] = [
    ["raw-body", options.rawBody],
    ["encoded-body", encodeUrlSafeBase64(options.rawBody)],
  ];
  for (const [urlName, url] of urlCandidates(options.requestUrl, options.configuredUrl)) {
    for (const [bodyName, body] of bodies) {
      if (digestsMatch(hmacHex(secretKey, url, "\n", body), parsed.digest)) {
        return { ok: true, accessKey: parsed.accessKey, candidate: `${urlName}+${bodyName}` };
      }
    }
  }
  return {
    ok: false,
    reason: "signature_mismatch",
    accessKey: parsed.accessKey,
    message: "The signature matches no accepted combination of URL and body for this AccessKey.",
  };
}
