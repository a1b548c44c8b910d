// The headers every response carries, set in one place: applySecurityHeaders, which the
// proxy calls for everything it sees (pages, API answers, build files) and the callback
// route, which skips the proxy, calls for itself. The page policy is nonce-based: Next.js puts the
// request's nonce on its own scripts, 'strict-dynamic' lets those load their chunks, and
// nothing else runs: no inline script, no eval, no plugin, no other origin. Inline style
// attributes stay allowed (they cannot run code); <style> elements need the nonce.
export function pageContentSecurityPolicy(nonce: string, { development = false } = {}): string {
  return [
    "default-src 'self'",
    // React's development build evaluates code for its debugging aids.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${development ? " ws:" : ""}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

// For JSON and other non-page answers: nothing may load or frame them.
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

export function baseSecurityHeaders({ https }: { https: boolean }): Record<string, string> {
  return {
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
    // Only over https: a browser ignores it on http, and pinning a plain-http dev host to
    // https would lock people out of it.
    ...(https ? { "strict-transport-security": "max-age=31536000; includeSubDomains" } : {}),
  };
}

export function applySecurityHeaders(headers: Headers, { https, csp }: { https: boolean; csp: string }): void {
  for (const [name, value] of Object.entries(baseSecurityHeaders({ https }))) headers.set(name, value);
  headers.set("content-security-policy", csp);
}
