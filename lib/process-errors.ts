import "server-only";
import { getMetrics } from "@/lib/metrics";
import { processGlobal } from "@/lib/process-global";

// Counts errors that escaped every handler, for /metrics (fmgr_process_errors_total).
// Next.js already logs them and keeps the process alive; these listeners only count
// (uncaughtExceptionMonitor changes nothing about how an exception is handled).
export function countProcessErrors(): void {
  processGlobal("processErrorCounters", () => {
    process.on("uncaughtExceptionMonitor", (_error, origin) => getMetrics().processErrors.inc({ kind: origin }));
    process.on("unhandledRejection", () => getMetrics().processErrors.inc({ kind: "unhandledRejection" }));
    return true;
  });
}
