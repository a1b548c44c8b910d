import { AppError, isAppError, toErrorBody } from "@/lib/errors";
import { logger } from "@/lib/logger";

// The one place an error becomes an HTTP answer, for route handlers, the proxy and the
// callback alike: a typed error keeps its status and user message; anything else is
// logged in full and answered with a generic 500. Never cached.
export function errorResponse(error: unknown, headers: Record<string, string> = {}): Response {
  const init = (status: number) => ({ status, headers: { "cache-control": "no-store", ...headers } });
  if (isAppError(error)) {
    if (error.status >= 500) logger.warn({ code: error.code, detail: error.detail }, error.message);
    return Response.json(toErrorBody(error), init(error.status));
  }
  logger.error({ err: error }, "unexpected error in a route");
  return Response.json(toErrorBody(new AppError("internal", "Something went wrong; the details are in the server log.")), init(500));
}
