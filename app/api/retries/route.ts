import { z } from "zod";
import { getCurrentAccount } from "@/lib/auth/current-user";
import { AppError } from "@/lib/errors";
import { readJsonBody } from "@/lib/http/form-fields";
import { jsonRoute } from "@/lib/http/json-route";
import { planBulkRetry, runBulkRetry } from "@/lib/retries/retry-bulk";
import { retryConfiguration } from "@/lib/retries/retry-task";
import { parseTaskListQuery } from "@/lib/tasks/queries/task-list-query";

// The filters of GET /api/tasks, as JSON, with dryRun and copyOrMove.
const bodySchema = z
  .object({
    q: z.string().optional(),
    state: z.string().optional(),
    op: z.string().optional(),
    since: z.string().optional(),
    until: z.string().optional(),
    dryRun: z.boolean().optional(),
    copyOrMove: z.enum(["copy", "move"], { error: "must be copy or move" }).optional(),
  })
  .strict();

// Operators only: the failed items of every task the filters match (the list's own
// query), dry run first with dryRun: true.
export function POST(request: Request): Promise<Response> {
  return jsonRoute(request, async () => {
    const account = await getCurrentAccount();
    if (!account) throw new AppError("session_required", "Sign in first.");
    if (account.role !== "operator") throw new AppError("forbidden", "Only operators can retry items at the vendor.");
    const body = await readJsonBody(request, bodySchema, "with the filters of GET /api/tasks, and dryRun");
    const filters = new URLSearchParams(Object.entries({ q: body.q, state: body.state, op: body.op, since: body.since, until: body.until }).filter((entry): entry is [string, string] => Boolean(entry[1])));
    const query = parseTaskListQuery(filters);
    if (body.dryRun) return { dryRun: true, ...(await planBulkRetry(query)) };
    const config = retryConfiguration();
    if (!config.ok) throw new AppError("vendor_not_configured", `Retries need ${config.missing.join(", ")} to be set.`);
    return runBulkRetry(query, account.user, body.copyOrMove);
  });
}
