// The URL a request was sent to, as the sender saw it. Next.js reports its own listening
// address in request.url; the Host header (or a proxy's X-Forwarded-*) says what the
// sender used. Only the first value of a forwarded list is the client's.
export function arrivalUrl(request: Request): string {
  const url = new URL(request.url);
  const first = (name: string) => request.headers.get(name)?.split(",")[0]?.trim() || undefined;
  const protocol = first("x-forwarded-proto") ?? url.protocol.replace(/:$/, "");
  const host = first("x-forwarded-host") ?? first("host") ?? url.host;
  try {
    return new URL(`${url.pathname}${url.search}`, `${protocol}://${host}`).href;
  } catch {
    return url.href;
  }
}
