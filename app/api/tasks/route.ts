import { jsonRoute } from "@/lib/http/json-route";
import { listTasks } from "@/lib/tasks/queries/list-tasks";
import { parseTaskListQuery } from "@/lib/tasks/queries/task-list-query";

export async function GET(request: Request): Promise<Response> {
  return jsonRoute(request, () => listTasks(parseTaskListQuery(new URL(request.url).searchParams)));
}
