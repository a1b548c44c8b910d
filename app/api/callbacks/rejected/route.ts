import { jsonRoute } from "@/lib/http/json-route";
import { listRejectedCallbacks } from "@/lib/callbacks/list-rejected-callbacks";
import { parsePageParams } from "@/lib/tasks/queries/task-list-query";

export async function GET(request: Request): Promise<Response> {
  return jsonRoute(request, async () => listRejectedCallbacks(parsePageParams(new URL(request.url).searchParams)));
}
