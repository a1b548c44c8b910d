// Callback delivery the way CDNetworks does it (docs/protocol.md, "Callbacks"): the URL-safe base64 of the JSON
// as a text/plain body, Authorization "<AccessKey>:<Signature>" over notifyURL and body,
// and on any answer but 200: 3 retries at once, then 5 a minute apart.
import { encodeUrlSafeBase64 } from "@/lib/fmgr/base64";
import { signCallback } from "@/lib/fmgr/signature";

export const VENDOR_RETRY_DELAYS_MS = [0, 0, 0, 60_000, 60_000, 60_000, 60_000, 60_000];

export type CallbackEncoding = "urlsafe-base64" | "standard-base64" | "raw-json";

export type CallbackOptions = {
  notifyUrl: string;
  accessKey: string;
  secretKey: string;
  document: unknown;
  encoding?: CallbackEncoding;
  // Delays before each retry; the vendor's schedule unless a test wants it faster.
  retryDelaysMs?: readonly number[];
  requestTimeoutMs?: number;
};

export type DeliveryAttempt = { status: number | null; error: string | null; at: number };
export type DeliveryReport = { delivered: boolean; body: string; attempts: DeliveryAttempt[] };

export function encodeCallbackBody(document: unknown, encoding: CallbackEncoding = "urlsafe-base64"): string {
  const json = typeof document === "string" ? document : JSON.stringify(document);
  if (encoding === "raw-json") return json;
  if (encoding === "standard-base64") return Buffer.from(json).toString("base64");
  return encodeUrlSafeBase64(json);
}

export async function sendCallbackOnce(options: { notifyUrl: string; body: string; authorization: string; timeoutMs?: number }): Promise<DeliveryAttempt> {
  const at = Date.now();
  try {
    const response = await fetch(options.notifyUrl, {
      method: "POST",
      headers: {
        "content-type": "text/plain; charset=UTF-8",
        authorization: options.authorization,
        "user-agent": "Apache-HttpClient/4.5.12 (Java/1.8.0_242)",
      },
      body: options.body,
      signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
    });
    await response.arrayBuffer();
    return { status: response.status, error: null, at };
  } catch (error) {
    return { status: null, error: (error as Error).message, at };
  }
}

export async function deliverCallback(options: CallbackOptions): Promise<DeliveryReport> {
  const body = encodeCallbackBody(options.document, options.encoding);
  const authorization = signCallback({ accessKey: options.accessKey, secretKey: options.secretKey, url: options.notifyUrl, body });
  const delays = options.retryDelaysMs ?? VENDOR_RETRY_DELAYS_MS;
  const attempts: DeliveryAttempt[] = [];
  for (let attempt = 0; attempt <= delays.length; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, delays[attempt - 1]));
    const result = await sendCallbackOnce({ notifyUrl: options.notifyUrl, body, authorization, timeoutMs: options.requestTimeoutMs });
    attempts.push(result);
    if (result.status === 200) return { delivered: true, body, attempts };
  }
  return { delivered: false, body, attempts };
}
