import "server-only";
import { logger } from "@/lib/logger";
import { processGlobal } from "@/lib/process-global";

// A job that runs every `intervalMs` inside the app process. A run still going when the
// next is due is not doubled up; a failed run is logged and the next one tries again.
// Started once per process: start-up and route bundles share the list.
type Worker = { timer: NodeJS.Timeout; running: Promise<void> | null };

const workers = () => processGlobal("periodicWorkers", () => new Map<string, Worker>());

export function startPeriodicWorker(name: string, intervalMs: number, run: () => Promise<void>): boolean {
  if (workers().has(name)) return false;
  const worker: Worker = {
    running: null,
    timer: setInterval(() => {
      if (worker.running) return;
      worker.running = run()
        .catch((error: unknown) => logger.error({ err: error, worker: name }, `${name} run failed`))
        .finally(() => {
          worker.running = null;
        });
    }, intervalMs),
  };
  worker.timer.unref();
  workers().set(name, worker);
  return true;
}

// On shutdown: no new runs, and the runs under way are waited for (each job stops early
// once the process is draining, and hands back what it claimed).
export async function stopPeriodicWorkers(): Promise<void> {
  const all = [...workers().values()];
  for (const worker of all) clearInterval(worker.timer);
  workers().clear();
  await Promise.all(all.map((worker) => worker.running ?? Promise.resolve()));
}
