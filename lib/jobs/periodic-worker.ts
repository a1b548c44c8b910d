import "server-only";
import { logger } from "@/lib/logger";
import { processGlobal } from "@/lib/process-global";

// A job that runs every `intervalMs` inside the app process. A run still going when the
// next is due is not doubled up; a failed run is logged and the next one tries again.
// Started once per process: start-up and route bundles share the list.
export function startPeriodicWorker(name: string, intervalMs: number, run: () => Promise<void>): boolean {
  const workers = processGlobal("periodicWorkers", () => new Map<string, NodeJS.Timeout>());
  if (workers.has(name)) return false;
  let isRunning = false;
  const timer = setInterval(() => {
    if (isRunning) return;
    isRunning = true;
    run()
      .catch((error: unknown) => logger.error({ err: error, worker: name }, `${name} run failed`))
      .finally(() => {
        isRunning = false;
      });
  }, intervalMs);
  timer.unref();
  workers.set(name, timer);
  return true;
}
