import "server-only";
import { getDb } from "./db/client";
import { DeadlineExceeded, withinDeadline } from "./deadline";
import { currentPhase } from "./lifecycle";

export type HealthReport =
  | { status: "ok"; db: "ok" }
  | { status: "starting" | "draining"; message: string }
  | { status: "unavailable"; db: "error" | "timeout"; message: string };

export const HEALTH_TIMEOUT_MS = 2_000;

// A hung database must not hang the health check: the probe has a deadline, so the
// answer comes within the bound whatever the connection does.
async function checkDatabase(timeoutMs: number): Promise<HealthReport> {
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

const STARTING: HealthReport = { status: "starting", message: "Starting: migrating the database and loading the accounts." };

// GET /api/health: is this process up and able to reach its database? "starting" until
// the migrations and startup are done. It stays answering while the process drains, so
// an orchestrator does not kill an instance that is finishing its requests.
export async function checkHealth(timeoutMs = HEALTH_TIMEOUT_MS): Promise<HealthReport> {
  return currentPhase() === "starting" ? STARTING : checkDatabase(timeoutMs);
}

// GET /api/ready: should a load balancer send this instance traffic? Not while starting,
// not once it has been asked to stop, and not while the database does not answer.
export async function checkReadiness(timeoutMs = HEALTH_TIMEOUT_MS): Promise<HealthReport> {
  const phase = currentPhase();
  if (phase === "starting") return STARTING;
  if (phase === "draining") return { status: "draining", message: "Shutting down: finishing the requests in flight." };
  return checkDatabase(timeoutMs);
}

// One answer shape for both: 200 with the report, or 503 with it and an error.
export function healthResponse(report: HealthReport): Response {
  if (report.status === "ok") return Response.json(report, { headers: { "cache-control": "no-store" } });
  const code = report.status === "unavailable" ? `db_${report.db}` : report.status;
  return Response.json({ ...report, error: { code, message: report.message } }, { status: 503, headers: { "cache-control": "no-store", "retry-after": "5" } });
}
