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

// Where to go after signing in: only a path on this site. "//evil.example" and
// "/\evil.example" are read by browsers as other hosts, so they are refused, and so is
// anything with a scheme or control characters.
export function safeReturnPath(candidate: string | null | undefined): string {
  if (!candidate || candidate.length > 2000) return "/";
  if (!candidate.startsWith("/") || candidate.startsWith("//") || candidate.startsWith("/\\")) return "/";
  if (/[\u0000-\u001f\u007f\\]/.test(candidate)) return "/";
  try {
    const resolved = new URL(candidate, "http://same-origin.invalid");
    if (resolved.origin !== "http://same-origin.invalid") return "/";
    if (resolved.pathname === "/login") return "/";
    return `${resolved.pathname}${resolved.search}${resolved.hash}`;
  } catch {
    return "/";
  }
}
