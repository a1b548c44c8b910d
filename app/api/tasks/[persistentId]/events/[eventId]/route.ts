import { AppError } from "@/lib/errors";
import { handleRoute } from "@/lib/http/json-route";
import { getEventRaw } from "@/lib/tasks/queries/get-task-detail";

// One event's body exactly as it arrived, as a file: the page shows it cut.
export function GET(request: Request, context: { params: Promise<{ persistentId: string; eventId: string }> }): Promise<Response> {
  return handleRoute(request, async () => {
    const { persistentId, eventId } = await context.params;
    const raw = await getEventRaw(persistentId, eventId);
    if (raw === null) throw new AppError("not_found", `Task ${persistentId} has no event ${eventId}.`);
    return new Response(raw, {
      headers: {
        "content-type": "text/plain; charset=utf-8",
        "content-disposition": `attachment; filename="fmgr-event-${eventId}.txt"`,
        "cache-control": "no-store",
      },
    });
  });
}
