import { jsonRoute } from "@/lib/http/json-route";
import { listRejectedGroups, parseGroupFilters } from "@/lib/callbacks/list-rejected-groups";
import { parsePageParams } from "@/lib/tasks/queries/task-list-query";

// Refusals grouped by reason, claimed AccessKey and address; `reason`, `key`, `address`
// filter, `cursor` and `limit` page.
export async function GET(request: Request): Promise<Response> {
  return jsonRoute(request, async () => {
    const params = new URL(request.url).searchParams;
    return listRejectedGroups({ ...parsePageParams(params), filters: parseGroupFilters(params) });
  });
}
