import { MAX_CALLBACK_BYTES, receiveCallback } from "@/lib/callbacks/receive-callback";
import { STORED_BODY_BYTES } from "@/lib/callbacks/record-rejected-callback";
import { clientAddress } from "@/lib/http/client-address";
import { errorResponse } from "@/lib/http/error-response";
import { withRequest } from "@/lib/http/json-route";
import { readRequestBody } from "@/lib/http/read-body";
import { arrivalUrl, arrivedOverHttps } from "@/lib/http/request-url";
import { API_CONTENT_SECURITY_POLICY, applySecurityHeaders } from "@/lib/http/security-headers";

// The vendor's notification. Outside the proxy (see proxy.ts), so it sets its own
// security headers. 200 only once the callback is committed.
export function POST(request: Request): Promise<Response> {
  return withRequest(request, async () => {
    const body = await readRequestBody(request, { maxBytes: MAX_CALLBACK_BYTES, keepWhenTooLarge: STORED_BODY_BYTES });
    const { error } = await receiveCallback({ method: request.method, url: arrivalUrl(request), headers: request.headers, body, address: clientAddress(request.headers) });
    const response = error ? errorResponse(error) : Response.json({ ok: true }, { headers: { "cache-control": "no-store" } });
    applySecurityHeaders(response.headers, { https: arrivedOverHttps(request), csp: API_CONTENT_SECURITY_POLICY });
    // The rest of an oversized body was never read: this connection cannot carry another request.
    if (body?.isTooLarge) response.headers.set("connection", "close");
    return response;
  });
}
