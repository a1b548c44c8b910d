import { NextResponse, type NextRequest } from "next/server";
import { isPublicPath, safeReturnPath, wantsJson } from "@/lib/auth/access-policy";
import { sessionUser } from "@/lib/auth/auth-state";
import { hashingBusy, isHashingSaturated } from "@/lib/auth/hashing-queue";
import { SESSION_COOKIE } from "@/lib/auth/session-cookie";
import { AppError } from "@/lib/errors";
import { actionRequestRefusal } from "@/lib/http/action-request";
import { crossSiteReason } from "@/lib/http/cross-site";
import { errorResponse } from "@/lib/http/error-response";
import { arrivedOverHttps, malformedPathReason } from "@/lib/http/request-url";
import { API_CONTENT_SECURITY_POLICY, applySecurityHeaders, pageContentSecurityPolicy } from "@/lib/http/security-headers";
import { logger } from "@/lib/logger";
import { REQUEST_ID_HEADER, requestIdFrom } from "@/lib/request-context";

// The gate in front of every route: anonymous requests to anything but the public list
// are refused here, before a page renders or a handler runs, and every answer gets the
// security headers. Pages get a fresh CSP nonce, which Next.js puts on its scripts.
export async function proxy(request: NextRequest): Promise<Response> {
  const { pathname, search } = request.nextUrl;
  const https = arrivedOverHttps(request);
  const isPage = !wantsJson(pathname) && pathname !== "/metrics" && !pathname.startsWith("/_next/");
  // The id travels on to the route (and its log lines) and back to the client.
  const requestId = requestIdFrom(request.headers);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set(REQUEST_ID_HEADER, requestId);
  const answer = (response: Response) => withSecurityHeaders(response, { https, csp: API_CONTENT_SECURITY_POLICY, requestId });
  const refuse = (error: AppError, headers?: Record<string, string>) => answer(errorResponse(error, headers));

  const malformed = malformedPathReason(pathname);
  if (malformed) return refuse(new AppError("invalid_request", `path: ${malformed}`));

  // A flood of sign-ins is refused before any work once the password checks are backed up.
  if (pathname === "/login" && request.method === "POST" && isHashingSaturated()) {
    return refuse(hashingBusy(), { "retry-after": "2" });
  }

  // A signed-in user opening the sign-in page goes straight to where it was to return to,
  // with a real redirect (the page's own would be streamed), through safeReturnPath.
  if (pathname === "/login" && (request.method === "GET" || request.method === "HEAD") && (await checkSession(request)) === "signed-in") {
    const destination = new URL(safeReturnPath(request.nextUrl.searchParams.get("next")), request.nextUrl);
    return answer(NextResponse.redirect(destination, 307));
  }

  if (!isPublicPath(pathname)) {
    const access = await checkSession(request);
    if (access !== "signed-in") return answer(refusal(request, access, `${pathname}${search}`));
  }

  // A route handler that changes something takes no request from another site's page.
  const crossSite = wantsJson(pathname) ? crossSiteReason(request) : undefined;
  if (crossSite) return refuse(new AppError("forbidden", crossSite));

  const actionRefusal = await actionRequestRefusal(request);
  if (actionRefusal) return refuse(new AppError("invalid_request", actionRefusal));

  if (!isPage) return answer(NextResponse.next({ request: { headers: requestHeaders } }));
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const csp = pageContentSecurityPolicy(nonce, { development: process.env.NODE_ENV === "development" });
  requestHeaders.set("content-security-policy", csp);
  return withSecurityHeaders(NextResponse.next({ request: { headers: requestHeaders } }), { https, csp, requestId });
}

type Access = "signed-in" | "anonymous" | "unavailable";

async function checkSession(request: NextRequest): Promise<Access> {
  try {
    return (await sessionUser(request.cookies.get(SESSION_COOKIE)?.value)) ? "signed-in" : "anonymous";
  } catch (error) {
    logger.error({ err: error }, "could not check a session: the sign-in settings did not load");
    return "unavailable";
  }
}

// API clients and server actions get JSON they can read; a person is sent to sign in and
// brought back afterwards.
function refusal(request: NextRequest, access: Exclude<Access, "signed-in">, returnTo: string): Response {
  if (access === "unavailable") {
    return errorResponse(new AppError("storage_unavailable", "Sign-in is unavailable because the database cannot be reached. Try again shortly."), { "retry-after": "5" });
  }
  const isNavigation = (request.method === "GET" || request.method === "HEAD") && !wantsJson(request.nextUrl.pathname) && !request.headers.has("next-action");
  if (isNavigation) {
    const login = new URL("/login", request.nextUrl);
    if (returnTo !== "/") login.searchParams.set("next", returnTo);
    const response = NextResponse.redirect(login, 307);
    response.headers.set("cache-control", "no-store");
    return response;
  }
  return errorResponse(new AppError("session_required", "Sign in first: this needs a dashboard session."));
}

function withSecurityHeaders<R extends Response>(response: R, { https, csp, requestId }: { https: boolean; csp: string; requestId: string }): R {
  applySecurityHeaders(response.headers, { https, csp });
  response.headers.set(REQUEST_ID_HEADER, requestId);
  return response;
}

export const config = {
  // Everything but the vendor's callback: it is public, and a proxy makes Next.js buffer
  // (and past 10 MB cut) the body before the route's own capped read sees it. So does the
  // benchmark's empty route, which stands in for the callback. Build files pass through
  // (they are public) for their security headers.
  matcher: ["/((?!api/fmgr/callback$|api/bench/empty$).*)"],
};
