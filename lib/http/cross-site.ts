import { arrivalHost } from "@/lib/http/request-url";

// A state-changing request a browser sends for another site (a form on another port or
// host, a fetch from a page elsewhere) would carry the operator's session cookie. Server
// actions refuse these by comparing Origin with Host; this does the same for the route
// handlers. Browsers send Sec-Fetch-Site; older ones send Origin; a request with neither
// did not come from a page (curl, a script with its own cookie) and is let through.
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function crossSiteReason(request: Request): string | undefined {
  if (SAFE_METHODS.has(request.method)) return undefined;
  const site = request.headers.get("sec-fetch-site");
  if (site) return site === "same-origin" || site === "none" ? undefined : `origin: a ${site} request cannot change anything here`;
  const origin = request.headers.get("origin");
  if (!origin) return undefined;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return "origin: not a URL";
  }
  return host === arrivalHost(request.headers, new URL(request.url).host) ? undefined : `origin: ${origin} is not this site`;
}
