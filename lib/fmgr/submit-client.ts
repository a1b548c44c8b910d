// Submits one task to the vendor: POST <MgrDomain>/fmgr/<op> with the form body and the
// management token. Never retried here: a submission that may have reached the vendor
// must not be sent again blind. A timeout is "outcome unknown", for the caller to record.
import { AppError } from "@/lib/errors";
import { readBodyCapped } from "@/lib/http/read-body";
import { z } from "zod";
import { isPersistentId } from "./persistent-id";
import { managementToken, submissionBody, type SubmitOp } from "./submission";

export type Submission = { op: SubmitOp; cmds: readonly string[]; notifyUrl: string; separate: boolean };
export type SubmitOptions = { baseUrl: string; accessKey: string; secretKey: string; timeoutMs: number };
export type SubmitResult = { persistentId: string; status: number; answer: string };

const MAX_ANSWER_BYTES = 64 * 1024;

const accepted = z.object({ persistentId: z.string().refine(isPersistentId, "not a persistentId") });
const refusal = z.object({ code: z.union([z.number(), z.string()]), message: z.string() });

export function submitUrl(baseUrl: string, op: SubmitOp): URL {
  const url = new URL(baseUrl);
  url.pathname = `${url.pathname.replace(/\/+$/, "")}/fmgr/${op}`;
  url.search = "";
  return url;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export async function submitTask(submission: Submission, options: SubmitOptions): Promise<SubmitResult> {
  const url = submitUrl(options.baseUrl, submission.op);
  const body = submissionBody(submission);
  // The token signs the path the vendor sees: /fmgr/<op>, under any base path.
  const authorization = managementToken(options, url.pathname, body);
  const signal = AbortSignal.timeout(options.timeoutMs);
  let status: number;
  let text: string;
  try {
    const response = await fetch(url, {
      method: "POST",
      signal,
      redirect: "error",
      headers: { authorization, "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body,
    });
    status = response.status;
    const read = await readBodyCapped(response.body, MAX_ANSWER_BYTES);
    text = read.bytes.toString("utf8");
  } catch (error) {
    if (signal.aborted) {
      throw new AppError("vendor_timeout", `The vendor did not answer within ${options.timeoutMs / 1000} s; the submission may or may not have been taken.`, { cause: error });
    }
    throw new AppError("vendor_unreachable", "The vendor could not be reached (connection failed); nothing was submitted.", { cause: error });
  }
  const json = parseJson(text);
  const ok = accepted.safeParse(json);
  if (status < 300 && ok.success) return { persistentId: ok.data.persistentId, status, answer: text };
  const refused = refusal.safeParse(json);
  if (status >= 400 || refused.success) {
    const message = refused.success ? `${refused.data.code}: ${refused.data.message}` : `HTTP ${status}`;
    throw new AppError("vendor_refused", `The vendor refused the submission (${message}).`, { detail: { status, answer: text.slice(0, 2_000) } });
  }
  throw new AppError("vendor_invalid_response", `The vendor's answer to the submission carries no persistentId (HTTP ${status}).`, { detail: { status, answer: text.slice(0, 2_000) } });
}
