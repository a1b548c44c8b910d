import "server-only";
import { once } from "node:events";
import { Worker } from "node:worker_threads";
import { logger } from "@/lib/logger";
import { GATHER_MS } from "./projection-loop";
import type { FromProjectorThread, ToProjectorThread } from "./thread-messages";

// The app's side of the projector's thread (projector-thread.ts): it starts the thread,
// starts it again if it dies, wakes it when callbacks are appended, and stops it on
// shutdown.
export type ProjectorThread = { wake(): void; stop(): Promise<void> };

const RESTART_MS = 1_000;
// A storm appends hundreds of callbacks a second; one wake per few ms says the same as one
// per callback (the thread gathers them for GATHER_MS anyway) at a fraction of the cost.
const WAKE_EVERY_MS = GATHER_MS / 4;

export function startProjectorThread(file: string, onBatch: (batch: FromProjectorThread) => void): ProjectorThread {
  let worker: Worker | null = null;
  let isStopping = false;
  let lastWakeAt = 0;
  let restart: NodeJS.Timeout | undefined;

  function spawn(): void {
    const thread = new Worker(file, { name: "fmgr-projector" });
    thread.on("message", (message: FromProjectorThread) => onBatch(message));
    thread.on("error", (error) => logger.error({ err: error }, "the projector's thread failed"));
    thread.on("exit", (code) => {
      worker = null;
      if (isStopping) return;
      // The events wait in the log meanwhile; nothing is lost, only applied later.
      logger.error({ code }, `the projector's thread stopped; starting it again in ${RESTART_MS} ms`);
      restart = setTimeout(spawn, RESTART_MS);
      restart.unref();
    });
    worker = thread;
  }

  function send(message: ToProjectorThread): void {
    worker?.postMessage(message);
  }

  spawn();
  return {
    wake() {
      const now = Date.now();
      if (now - lastWakeAt < WAKE_EVERY_MS) return;
      lastWakeAt = now;
      send({ kind: "wake" });
    },
    async stop() {
      isStopping = true;
      clearTimeout(restart);
      const thread = worker;
      if (!thread) return;
      const exited = once(thread, "exit");
      send({ kind: "stop" });
      await exited;
    },
  };
}
