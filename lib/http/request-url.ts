// The URL a request was sent to, as the sender saw it. Next.js reports its own listening
// address in request.url; the Host header (or a proxy's X-Forwarded-*) says what the
// sender used. Only the first value of a forwarded list is the client's.
type HeaderSource = Pick<Headers, "get">;

function firstForwarded(headers: HeaderSource, name: string): string | undefined {
  return headers.get(name)?.split(",")[0]?.trim() || undefined;
}

// "https" or "http", as the sender used it; `fallback` is the protocol we listen on.
export function arrivalProtocol(headers: HeaderSource, fallback = "http"): string {
  return (firstForwarded(headers, "x-forwarded-proto") ?? fallback).toLowerCase();
}

// The host (and port) the sender used: a proxy's X-Forwarded-Host, else Host.
export function arrivalHost(headers: HeaderSource, fallback: string): string {
  return firstForwarded(headers, "x-forwarded-host") ?? firstForwarded(headers, "host") ?? fallback;
}

export function arrivalUrl(request: Request): string {
  const url = new URL(request.url);
  const protocol = arrivalProtocol(request.headers, url.protocol.replace(/:$/, ""));
  const host = arrivalHost(request.headers, url.host);
  try {
    return new URL(`${url.pathname}${url.search}`, `${protocol}://${host}`).href;
  } catch {
    return url.href;
  }
}

// Whether the sender used https (directly, or to the proxy in front of us).
export function arrivedOverHttps(request: Request): boolean {
  return arrivalProtocol(request.headers, new URL(request.url).protocol.replace(/:$/, "")) === "https";
}

// A path that is not valid percent-encoding, or that decodes to control characters
// (NUL among them), can name nothing here. Said at the gate, so no route (or the
// framework's own parameter decoding) turns it into a 500.
export function malformedPathReason(pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return "The address is not valid percent-encoding.";
  }
  return /[\u0000-\u001f\u007f]/.test(decoded) ? "The address contains control characters." : undefined;
}
