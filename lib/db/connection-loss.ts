// Whether an error means the link to Postgres died (a pooler or load balancer closed an
// idle connection, a failover dropped them all), as opposed to the statement failing.
// Only these are worth one more try on a fresh connection. pg reports them as socket
// errors or by message; Prisma's pg adapter wraps them with a plain-object cause.
const LOST_CODES = new Set(["ECONNRESET", "EPIPE", "ECONNREFUSED", "ETIMEDOUT", "ENOTCONN", "57P01", "57P02", "57P03"]);
const LOST_KINDS = new Set(["ConnectionClosed", "DatabaseNotReachable", "SocketTimeout"]);
const LOST_MESSAGE = /connection terminated|terminating connection|connection ended|not queryable|connection error|server closed the connection|socket hang up|ECONNRESET|EPIPE/i;

export function isConnectionLost(error: unknown, depth = 0): boolean {
  if (typeof error !== "object" || error === null || depth > 4) return false;
  const { code, kind, message, originalMessage, cause } = error as Record<string, unknown>;
  if (typeof code === "string" && (LOST_CODES.has(code) || code.startsWith("08"))) return true;
  if (typeof kind === "string" && LOST_KINDS.has(kind)) return true;
  if ([message, originalMessage].some((text) => typeof text === "string" && LOST_MESSAGE.test(text))) return true;
  return isConnectionLost(cause, depth + 1);
}
