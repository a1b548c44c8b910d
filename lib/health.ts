import "server-only";
import { getDb } from "./db";

export type HealthReport =
  | { status: "ok"; db: "ok" }
  | { status: "unavailable"; db: "error" | "timeout"; message: string };

export const HEALTH_TIMEOUT_MS = 2_000;

// A hung database must not hang the health check: the probe races a timer, so the
// answer comes within the bound whatever the connection does.
export async function checkHealth(timeoutMs = HEALTH_TIMEOUT_MS): Promise<HealthReport> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs);
  });
  try {
    const outcome = await Promise.race([getDb().$queryRaw`SELECT 1`.then(() => "ok" as const), timeout]);
    if (outcome === "ok") return { status: "ok", db: "ok" };
    return { status: "unavailable", db: "timeout", message: `The database did not answer within ${timeoutMs} ms.` };
  } catch {
    return { status: "unavailable", db: "error", message: "The database refused the connection or the query." };
  } finally {
    clearTimeout(timer);
  }
}
