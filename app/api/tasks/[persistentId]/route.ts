import { AppError } from "@/lib/errors";
import { jsonRoute } from "@/lib/http/json-route";
import { getTaskDetail } from "@/lib/tasks/queries/get-task-detail";
import { parseItemQuery } from "@/lib/tasks/queries/task-items";

// The task, one page of its items (?items=failed&code=&op=&key=&order=&itemsCursor=),
// and its newest events and lookups.
export async function GET(request: Request, context: { params: Promise<{ persistentId: string }> }): Promise<Response> {
  const { persistentId } = await context.params;
  return jsonRoute(request, async () => {
    const itemQuery = parseItemQuery(new URL(request.url).searchParams);
    const detail = await getTaskDetail(persistentId, itemQuery);
    if (!detail) throw new AppError("not_found", `No task ${persistentId} is known here; POST /api/tasks/${persistentId}/refresh looks it up at the vendor.`);
    return detail;
  });
}
