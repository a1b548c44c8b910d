import { jsonRoute } from "@/lib/http/json-route";
import { listRejectedGroups, parseGroupFilters } from "@/lib/callbacks/list-rejected-groups";
import { AppError } from "@/lib/errors";
import { decodeCursor, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "@/lib/tasks/queries/task-list-query";

// Refusals grouped by reason, claimed AccessKey and address; `reason`, `key`, `address`
// filter, `cursor` and `limit` page.
export async function GET(request: Request): Promise<Response> {
  return jsonRoute(request, async () => {
    const params = new URL(request.url).searchParams;
    const limit = Number(params.get("limit") ?? DEFAULT_PAGE_SIZE);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) throw new AppError("invalid_request", `limit: must be a whole number from 1 to ${MAX_PAGE_SIZE}`);
    const text = params.get("cursor");
    const cursor = text ? decodeCursor(text) : null;
    if (text && !cursor) throw new AppError("invalid_request", "cursor: not a cursor this list gave out");
    return listRejectedGroups({ limit, cursor, filters: parseGroupFilters(params) });
  });
}
