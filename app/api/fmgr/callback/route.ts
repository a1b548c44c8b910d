import { withRequest } from "@/lib/http/json-route";
import { arrivalProtocol } from "@/lib/http/request-url";
import { API_CONTENT_SECURITY_POLICY, baseSecurityHeaders } from "@/lib/http/security-headers";
import { receiveCallback } from "@/lib/tasks/receive-callback";

// Outside the proxy (see proxy.ts), so it sets its own security headers.
export function POST(request: Request): Promise<Response> {
  return withRequest(request, async () => {
    const reply = await receiveCallback(request);
    const security = baseSecurityHeaders({ https: arrivalProtocol(request.headers, new URL(request.url).protocol.replace(/:$/, "")) === "https" });
    return Response.json(reply.body, {
      status: reply.status,
      headers: { ...security, "content-security-policy": API_CONTENT_SECURITY_POLICY, "cache-control": "no-store", ...reply.headers },
    });
  });
}
