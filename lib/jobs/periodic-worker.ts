import "server-only";
import { logger } from "@/lib/logger";

// A job that runs every `intervalMs` inside the app process. A run still going when the
// next is due is not doubled up; a failed run is logged and the next one tries again.
// Started once per process (on globalThis: start-up and route bundles share it).
const holder = globalThis as unknown as { fmgrWorkers?: Map<string, NodeJS.Timeout> };

export function startPeriodicWorker(name: string, intervalMs: number, run: () => Promise<void>): boolean {
  holder.fmgrWorkers ??= new Map();
  if (holder.fmgrWorkers.has(name)) return false;
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
  holder.fmgrWorkers.set(name, timer);
  return true;
}
