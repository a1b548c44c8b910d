import { AppError } from "@/lib/errors";
import { downloadFormat, downloadResponse } from "@/lib/http/download";
import { handleRoute } from "@/lib/http/json-route";
import { exportTaskItems } from "@/lib/tasks/queries/export-tasks";
import { findTaskId } from "@/lib/tasks/queries/get-task-detail";

// One task's items, all of them, as a file.
export function GET(request: Request, context: { params: Promise<{ persistentId: string }> }): Promise<Response> {
  return handleRoute(request, async () => {
    const { persistentId } = await context.params;
    const format = downloadFormat(new URL(request.url).searchParams);
    const taskId = await findTaskId(persistentId);
    if (taskId === null) throw new AppError("not_found", `No task ${persistentId} is known here.`);
    return downloadResponse(exportTaskItems(taskId, format), format, `fmgr-items-${persistentId}`);
  });
}
