import { withRequest } from "@/lib/http/json-route";
import { arrivedOverHttps } from "@/lib/http/request-url";
import { API_CONTENT_SECURITY_POLICY, baseSecurityHeaders } from "@/lib/http/security-headers";
import { receiveCallback } from "@/lib/callbacks/receive-callback";

// Outside the proxy (see proxy.ts), so it sets its own security headers.
export function POST(request: Request): Promise<Response> {
  return withRequest(request, async () => {
    const reply = await receiveCallback(request);
    return Response.json(reply.body, {
      status: reply.status,
      headers: {
        ...baseSecurityHeaders({ https: arrivedOverHttps(request) }),
        "content-security-policy": API_CONTENT_SECURITY_POLICY,
        "cache-control": "no-store",
        ...reply.headers,
      },
    });
  });
}
