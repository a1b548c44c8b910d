import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/error-response";

// Equal-length digests, so the comparison takes the same time whatever the token's length.
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash("sha256").update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

// A 401 answer when METRICS_TOKEN is set and the request does not carry it as
// "Authorization: Bearer <token>"; undefined when the request may proceed.
export function metricsAccessRefusal(authorization: string | null): Response | undefined {
  const expected = getEnv().METRICS_TOKEN;
  if (!expected) return undefined;
  const given = /^Bearer\s+(\S+)$/i.exec(authorization ?? "")?.[1] ?? "";
  if (sameSecret(given, expected)) return undefined;
  return errorResponse(new AppError("unauthorized", "This needs the metrics bearer token (METRICS_TOKEN)."), { "www-authenticate": 'Bearer realm="metrics"' });
}
