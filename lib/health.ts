import "server-only";
import { getDb } from "./db/client";
import { DeadlineExceeded, withinDeadline } from "./deadline";

export type HealthReport =
  | { status: "ok"; db: "ok" }
  | { status: "unavailable"; db: "error" | "timeout"; message: string };

export const HEALTH_TIMEOUT_MS = 2_000;

// A hung database must not hang the health check: the probe has a deadline, so the
// answer comes within the bound whatever the connection does.
export async function checkHealth(timeoutMs = HEALTH_TIMEOUT_MS): Promise<HealthReport> {
  try {
    await withinDeadline(getDb().$queryRaw`SELECT 1`, timeoutMs);
    return { status: "ok", db: "ok" };
  } catch (error) {
    if (error instanceof DeadlineExceeded) {
      return { status: "unavailable", db: "timeout", message: `The database did not answer within ${timeoutMs} ms.` };
    }
    return { status: "unavailable", db: "error", message: "The database refused the connection or the query." };
  }
}
