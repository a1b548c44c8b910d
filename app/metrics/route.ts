import { metricsAccessRefusal } from "@/lib/http/bearer-token";
import { handleRoute } from "@/lib/http/json-route";
import { renderMetrics } from "@/lib/jobs/scrape-metrics";

// Prometheus' scrape target: public unless METRICS_TOKEN is set, then bearer-only.
export function GET(request: Request): Promise<Response> {
  return handleRoute(request, async () => {
    const refusal = metricsAccessRefusal(request.headers.get("authorization"));
    if (refusal) return refusal;
    const { body, contentType } = await renderMetrics();
    return new Response(body, { headers: { "content-type": contentType, "cache-control": "no-store" } });
  });
}
