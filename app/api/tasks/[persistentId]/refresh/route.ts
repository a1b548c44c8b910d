import { jsonRoute } from "@/lib/http/json-route";
import { refreshTask } from "@/lib/tasks/vendor/refresh-task";

// A script asking for a refresh wants the vendor's answer now, unless it says
// ?force=false to accept one from the last few seconds.
export async function POST(request: Request, context: { params: Promise<{ persistentId: string }> }): Promise<Response> {
  const { persistentId } = await context.params;
  const force = new URL(request.url).searchParams.get("force") !== "false";
  return jsonRoute(request, () => refreshTask({ persistentId, force }));
}
