// The address a request came from, for rate limits and the log. Next.js fills
// X-Forwarded-For with the socket's address only when the header is absent, and a proxy
// in front appends the address it saw; so the last entry is the one nobody but our
// nearest hop wrote. A client talking to us directly can still forge it, which is why
// sign-in also limits failures per user name alone.
export function clientAddress(headers: Pick<Headers, "get">): string {
  const entries = headers.get("x-forwarded-for")?.split(",").map((entry) => entry.trim()).filter(Boolean) ?? [];
  const last = entries.at(-1);
  return last ? last.replace(/^::ffff:/, "").slice(0, 64) : "unknown";
}
