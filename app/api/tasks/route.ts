import { jsonRoute } from "@/lib/http/json-route";
import { listTasks } from "@/lib/tasks/list-tasks";
import { parseTaskListQuery } from "@/lib/tasks/task-list-query";

export async function GET(request: Request): Promise<Response> {
  return jsonRoute(request, () => listTasks(parseTaskListQuery(new URL(request.url).searchParams)));
}
