import { getCurrentAccount } from "@/lib/auth/current-user";
import { AppError } from "@/lib/errors";
import { jsonRoute } from "@/lib/http/json-route";
import { releaseUnknownSubmission } from "@/lib/retries/retry-task";

// Operators: a submission of unknown outcome that the vendor did not take frees its items.
export function POST(request: Request, context: { params: Promise<{ submissionId: string }> }): Promise<Response> {
  return jsonRoute(request, async () => {
    const account = await getCurrentAccount();
    if (!account) throw new AppError("session_required", "Sign in first.");
    if (account.role !== "operator") throw new AppError("forbidden", "Only operators can release a submission's items.");
    const { submissionId } = await context.params;
    await releaseUnknownSubmission(submissionId, account.user);
    return { released: submissionId };
  });
}
