import { jsonRoute } from "@/lib/http/json-route";
import { countTasksByState } from "@/lib/tasks/queries/state-counts";

// Tasks per state, from the maintained counters: {"counts": {"failed": 12, ...}}.
export function GET(request: Request): Promise<Response> {
  return jsonRoute(request, async () => ({ counts: await countTasksByState() }));
}
