import { jsonRoute } from "@/lib/http/json-route";
import { listAudit, parseAuditFilters } from "@/lib/retries/audit";
import { parsePageParams } from "@/lib/tasks/queries/task-list-query";

// Retry submissions, newest first: user, op, outcome, task, cursor, limit.
export function GET(request: Request): Promise<Response> {
  return jsonRoute(request, () => {
    const params = new URL(request.url).searchParams;
    return listAudit({ filters: parseAuditFilters(params), ...parsePageParams(params) });
  });
}
