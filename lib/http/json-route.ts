import "server-only";
import { AppError, isAppError, toErrorBody } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { REQUEST_ID_HEADER, requestIdFrom, runWithRequestId } from "@/lib/request-context";

// The one place a route's errors become HTTP: a typed error keeps its status and user
// message; anything else is logged in full and answered with a generic 500.
export function errorResponse(error: unknown): Response {
  if (isAppError(error)) {
    if (error.status >= 500) logger.warn({ code: error.code, detail: error.detail }, error.message);
    return Response.json(toErrorBody(error), { status: error.status, headers: { "cache-control": "no-store" } });
  }
  logger.error({ err: error }, "unexpected error in a route");
  return Response.json(toErrorBody(new AppError("internal", "Something went wrong; the details are in the server log.")), { status: 500 });
}

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
