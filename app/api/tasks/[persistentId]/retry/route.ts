import { z } from "zod";
import { getCurrentAccount } from "@/lib/auth/current-user";
import { AppError } from "@/lib/errors";
import { readJsonBody } from "@/lib/http/form-fields";
import { handleRoute } from "@/lib/http/json-route";
import { retryTask, type RetryResult } from "@/lib/retries/retry-task";

const bodySchema = z.object({ copyOrMove: z.enum(["copy", "move"], { error: "must be copy or move" }).optional() }).strict();

// 200 when the vendor took at least one submission. When it took none, the answer is an
// error, 504 if one may have been taken (no answer in time), else 502, with every
// submission's record beside it.
function answerOf(result: RetryResult): Response {
  const headers = { "cache-control": "no-store" };
  if (result.submitted.some((entry) => entry.outcome === "submitted")) return Response.json(result, { headers });
  const isUnknown = result.submitted.some((entry) => entry.outcome === "unknown");
  const message = result.submitted.map((entry) => entry.message).filter(Boolean).join(" ");
  const error = isUnknown ? { code: "vendor_timeout", message } : { code: "vendor_refused", message };
  return Response.json({ error, ...result }, { status: isUnknown ? 504 : 502, headers });
}

// Operators only: submits the task's failed items to the vendor as new tasks.
export function POST(request: Request, context: { params: Promise<{ persistentId: string }> }): Promise<Response> {
  return handleRoute(request, async () => {
    const account = await getCurrentAccount();
    if (!account) throw new AppError("session_required", "Sign in first.");
    if (account.role !== "operator") throw new AppError("forbidden", "Only operators can retry items at the vendor.");
    const { persistentId } = await context.params;
    const body = await readJsonBody(request, bodySchema, 'e.g. {"copyOrMove":"copy"}, or empty');
    const result = await retryTask({ persistentId, user: account.user, copyOrMove: body.copyOrMove });
    return answerOf(result);
  });
}
