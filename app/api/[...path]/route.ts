import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/error-response";

// Any /api path no route claims: an API client gets JSON it can read, not the HTML 404 page.
function notFound(request: Request): Response {
  return errorResponse(new AppError("not_found", `path: no API endpoint at ${new URL(request.url).pathname}`));
}

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
