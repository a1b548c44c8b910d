import "server-only";
import { decodeCallbackBody } from "@/lib/fmgr/callback-body";
import { urlCandidates, verifyCallbackSignature, type SignatureVerdict } from "@/lib/fmgr/signature";
import { parseTaskDocument } from "@/lib/fmgr/task-document";
import { getEnv } from "@/lib/env";

export type SignatureCheck = {
  verdict: SignatureVerdict;
  // What U candidates were tried, so an operator can see which URL the vendor must sign.
  urlsTried: string[];
  body: { ok: true; persistentId: string; itemCount: number } | { ok: false; message: string };
  configuredAccessKeys: string[];
};

// The signature checker of the rejected-callbacks page: the same verification the
// callback route runs, on what an operator pastes. Secrets never leave this function.
export function checkSignature(input: { url: string; body: string; authorization: string }): SignatureCheck {
  const env = getEnv();
  const rawBody = Buffer.from(input.body);
  const verdict = verifyCallbackSignature({
    authorization: input.authorization,
    rawBody,
    requestUrl: input.url,
    configuredUrl: env.FMGR_CALLBACK_URL,
    keys: env.FMGR_CALLBACK_KEYS,
  });
  const decoded = decodeCallbackBody(rawBody);
  const parsed = decoded.ok ? parseTaskDocument(decoded.json) : null;
  return {
    verdict,
    urlsTried: urlCandidates(input.url, env.FMGR_CALLBACK_URL).map(([, url]) => url),
    body: !decoded.ok
      ? { ok: false, message: decoded.message }
      : parsed?.ok
        ? { ok: true, persistentId: parsed.document.id, itemCount: parsed.document.items.length }
        : { ok: false, message: parsed?.message ?? "not a task document" },
    configuredAccessKeys: [...env.FMGR_CALLBACK_KEYS.keys()],
  };
}
