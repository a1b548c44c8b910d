// Which requests need a signed-in user. Everything does, except what is
// listed here: the vendor's callback, the health and readiness probes, Prometheus' scrape (it checks its
// own bearer token), the sign-in page, the framework's static files, and the benchmark's
// empty route (a 404 unless BENCH_ROUTES=true).
const PUBLIC_EXACT = new Set(["/api/fmgr/callback", "/api/health", "/api/ready", "/metrics", "/login", "/favicon.ico", "/robots.txt", "/api/bench/empty"]);
const PUBLIC_PREFIXES = ["/_next/static/", "/_next/image"];

export function isPublicPath(pathname: string): boolean {
  return PUBLIC_EXACT.has(pathname) || PUBLIC_PREFIXES.some((prefix) => pathname.startsWith(prefix));
}

// API clients get a 401 they can read; people get the sign-in page.
export function wantsJson(pathname: string): boolean {
  return pathname === "/api" || pathname.startsWith("/api/");
}

// Where to go after signing in: only a path on this site. Browsers read "//evil.example",
// "/\\evil.example" and "/.//evil.example" (once its dot segment is resolved) as other
// hosts, so the candidate is normalised the way a browser would first: tabs and newlines
// dropped, backslashes read as slashes, dot segments (".", "..", "%2e") resolved. Only
// then is it checked, and what is returned is the normalised path itself. The candidate
// arrives decoded once (from the query string or the form) and is not decoded again, so
// an encoded "&" in a return path's own query keeps its meaning.
const SITE = "http://same-origin.invalid";

export function safeReturnPath(candidate: string | null | undefined): string {
  if (!candidate || candidate.length > 2000) return "/";
  const normalised = candidate.replace(/[\t\n\r]/g, "").replace(/\\/g, "/");
  if (!normalised.startsWith("/") || normalised.startsWith("//")) return "/";
  if (/[\u0000-\u001f\u007f]/.test(normalised)) return "/";
  let resolved: URL;
  try {
    resolved = new URL(normalised, SITE);
  } catch {
    return "/";
  }
  if (resolved.origin !== SITE || resolved.pathname.startsWith("//") || resolved.pathname === "/login") return "/";
  return `${resolved.pathname}${resolved.search}${resolved.hash}`;
}
