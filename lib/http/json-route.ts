import "server-only";
import { errorResponse } from "@/lib/http/error-response";
import { REQUEST_ID_HEADER, requestIdFrom, runWithRequestId } from "@/lib/request-context";

// Runs a route's work as part of its request (its id on every log line, and on the
// answer), turning what it returns into a JSON answer.
export function withRequest(request: Request, work: () => Promise<Response>): Promise<Response> {
  const requestId = requestIdFrom(request.headers);
  return runWithRequestId(requestId, async () => {
    const response = await work();
    response.headers.set(REQUEST_ID_HEADER, requestId);
    return response;
  });
}

// A route handler's body, run as part of its request, with any error it throws turned
// into the JSON error answer.
export function handleRoute(request: Request, work: () => Promise<Response>): Promise<Response> {
  return withRequest(request, async () => {
    try {
      return await work();
    } catch (error) {
      return errorResponse(error);
    }
  });
}

export function jsonRoute(request: Request, work: () => Promise<unknown>): Promise<Response> {
  return handleRoute(request, async () => Response.json(await work(), { headers: { "cache-control": "no-store" } }));
}
