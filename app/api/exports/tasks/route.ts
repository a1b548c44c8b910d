import { downloadFormat, downloadResponse } from "@/lib/http/download";
import { handleRoute } from "@/lib/http/json-route";
import { exportTaskList } from "@/lib/tasks/queries/export-tasks";
import { parseTaskListQuery } from "@/lib/tasks/queries/task-list-query";

// The task list with the same filters as GET /api/tasks, every page of it, as a file.
export function GET(request: Request): Promise<Response> {
  return handleRoute(request, () => {
    const params = new URL(request.url).searchParams;
    const format = downloadFormat(params);
    const query = parseTaskListQuery(params);
    return Promise.resolve(downloadResponse(exportTaskList(query, format), format, `fmgr-tasks-${new Date().toISOString().slice(0, 19)}`));
  });
}
