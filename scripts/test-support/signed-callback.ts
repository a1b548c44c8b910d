// Sends one callback to the app, signed the way the vendor signs, with every part
// overridable so tests can send what a broken or hostile sender would.
import { encodeCallbackBody, type CallbackEncoding } from "@/scripts/fake-vendor/callbacks";
import { signCallback } from "@/lib/fmgr/signature";

export const TEST_KEYS = { accessKey: "AK_test", secretKey: "SK_test_secret" };

export type SentCallback = { status: number; headers: Headers; json: unknown; body: string; authorization: string };

export async function postSignedCallback(options: {
  appUrl: string;
  document?: unknown;
  body?: string | Buffer;
  encoding?: CallbackEncoding;
  query?: string;
  signUrl?: string;
  accessKey?: string;
  secretKey?: string;
  authorization?: string | null;
  headers?: Record<string, string>;
}): Promise<SentCallback> {
  const url = `${options.appUrl}/api/fmgr/callback${options.query ?? ""}`;
  const body = options.body ?? encodeCallbackBody(options.document, options.encoding);
  const authorization =
    options.authorization === undefined
      ? signCallback({
          accessKey: options.accessKey ?? TEST_KEYS.accessKey,
          secretKey: options.secretKey ?? TEST_KEYS.secretKey,
          url: options.signUrl ?? url,
          body,
        })
      : options.authorization;
  const headers: Record<string, string> = { "content-type": "text/plain; charset=UTF-8", ...options.headers };
  if (authorization !== null) headers.authorization = authorization;
  const response = await fetch(url, { method: "POST", headers, body: typeof body === "string" ? body : new Uint8Array(body), signal: AbortSignal.timeout(60_000) });
  const text = await response.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    // left as text: the assertion will show it
  }
  return { status: response.status, headers: response.headers, json, body: typeof body === "string" ? body : body.toString(), authorization: authorization ?? "" };
}
