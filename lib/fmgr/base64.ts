// The vendor writes URL-safe base64 with padding; senders in the wild drop the padding or
// use the standard alphabet. Decoding accepts all of that and nothing else.
const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

export function decodeBase64Tolerant(text: string): Buffer | null {
  const trimmed = text.trim();
  if (trimmed === "" || !BASE64.test(trimmed)) return null;
  const unpadded = trimmed.replace(/=+$/, "");
  // Mixing the two alphabets in one value is no encoder's output.
  if (/[+/]/.test(unpadded) && /[-_]/.test(unpadded)) return null;
  if (unpadded.length % 4 === 1) return null;
  const padded = unpadded + "=".repeat((4 - (unpadded.length % 4)) % 4);
  if (trimmed.length > unpadded.length && trimmed.length !== padded.length) return null;
  const standard = padded.replace(/-/g, "+").replace(/_/g, "/");
  const bytes = Buffer.from(standard, "base64");
  // Only the canonical encoding: stray bits in the last character would otherwise let
  // several strings stand for the same bytes.
  return bytes.toString("base64") === standard ? bytes : null;
}

export function encodeUrlSafeBase64(data: Buffer | string): string {
  return Buffer.from(data).toString("base64").replace(/\+/g, "-").replace(/\//g, "_");
}

// A value that must be text: a bucket, a key, a URL. Invalid UTF-8 is not a decoding.
export function decodeBase64Text(text: string): string | null {
  const bytes = decodeBase64Tolerant(text);
  if (!bytes) return null;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}
