// The vendor's status API (docs/protocol.md, "Status lookups"): GET <MgrDomain>/fmgr/status?persistentId=<id>.
// Every call is bounded in time and size, transient failures are retried with jittered
// backoff, and every way it can go wrong ends in one typed AppError.
import { AppError } from "@/lib/errors";
import { readBodyCapped } from "@/lib/http/read-body";
import { parsePersistentId } from "./persistent-id";
import { parseStatusAnswer, type TaskDocument } from "./task-document";

export type StatusClientOptions = {
  baseUrl: string;
  timeoutMs?: number;
  maxAttempts?: number;
  backoffMs?: number;
  maxBodyBytes?: number;
};

export type StatusResult = { document: TaskDocument; raw: string; attempts: number };

export const STATUS_DEFAULTS = { timeoutMs: 10_000, maxAttempts: 3, backoffMs: 250, maxBodyBytes: 8 * 1024 * 1024 };

class TransientFailure extends Error {
  constructor(readonly failure: AppError) {
    super(failure.message);
  }
}

export function statusUrl(baseUrl: string, persistentId: string): URL {
  const url = new URL(baseUrl);
  url.pathname = `${url.pathname.replace(/\/+$/, "")}/fmgr/status`;
  url.search = "";
  url.searchParams.set("persistentId", persistentId);
  return url;
}

async function readCapped(response: Response, maxBytes: number): Promise<string> {
  const body = await readBodyCapped(response.body, maxBytes);
  if (body.isTooLarge) {
    throw new AppError("vendor_invalid_response", `The vendor's answer is larger than ${Math.round(maxBytes / 1024 / 1024)} MiB; it was not read.`);
  }
  return body.bytes.toString("utf8");
}

function refused(status: number, text: string): AppError {
  const answer = parseStatusAnswer(text);
  const message = answer.kind === "error" ? answer.message : `HTTP ${status}`;
  const code = answer.kind === "error" ? answer.code : status;
  return new AppError("vendor_refused", `The vendor refused the lookup (${code}): ${message}`, { detail: { vendorCode: code, vendorMessage: message } });
}

async function attemptLookup(url: URL, persistentId: string, options: Required<Omit<StatusClientOptions, "baseUrl">>): Promise<{ document: TaskDocument; raw: string }> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, { signal, headers: { accept: "application/json" }, redirect: "error" });
    text = await readCapped(response, options.maxBodyBytes);
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (signal.aborted) {
      throw new AppError("vendor_timeout", `The vendor did not answer within ${options.timeoutMs / 1000} s.`, { cause: error });
    }
    throw new TransientFailure(new AppError("vendor_unreachable", "The vendor could not be reached (connection failed).", { cause: error }));
  }
  if (response.status >= 500) throw new TransientFailure(refused(response.status, text));
  if (response.status >= 400) throw refused(response.status, text);
  const answer = parseStatusAnswer(text);
  if (answer.kind === "error") throw refused(response.status, text);
  if (answer.kind === "invalid") throw new AppError("vendor_invalid_response", answer.message);
  if (answer.document.id !== persistentId) {
    throw new AppError("vendor_invalid_response", `The vendor answered for task "${answer.document.id}", not for "${persistentId}".`);
  }
  return { document: answer.document, raw: text };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function fetchTaskStatus(input: string, options: StatusClientOptions): Promise<StatusResult> {
  const parsed = parsePersistentId(input);
  if (!parsed.ok) throw new AppError("invalid_persistent_id", parsed.message);
  const settings = { ...STATUS_DEFAULTS, ...withoutUndefined(options) };
  const url = statusUrl(options.baseUrl, parsed.persistentId);
  for (let attempt = 1; ; attempt++) {
    try {
      return { ...(await attemptLookup(url, parsed.persistentId, settings)), attempts: attempt };
    } catch (error) {
      if (!(error instanceof TransientFailure)) throw error;
      if (attempt >= settings.maxAttempts) throw error.failure;
      // Full jitter: many clients retrying together do not come back in step.
      await sleep(Math.random() * settings.backoffMs * 2 ** (attempt - 1));
    }
  }
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}
