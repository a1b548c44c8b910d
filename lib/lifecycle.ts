import { processGlobal } from "@/lib/process-global";

// Where the process is in its life: "starting" until startup (migrations, accounts,
// workers) is done, "ready" while it serves, "draining" once asked to stop. Health and
// readiness answer from it; the server script (scripts/serve.mjs) drives the shutdown
// through it, reading this same object off globalThis.
export type Phase = "starting" | "ready" | "draining";

type ShutdownStep = { name: string; run: () => Promise<void> };

export type Lifecycle = {
  phase: Phase;
  // SHUTDOWN_GRACE_MS, once startup has read it.
  graceMs: number;
  steps: ShutdownStep[];
  // Called by the server script once no request is in flight any more.
  shutdown: () => Promise<void>;
  beginDraining: () => void;
};

export function lifecycle(): Lifecycle {
  return processGlobal("lifecycle", (): Lifecycle => {
    const state: Lifecycle = {
      phase: "starting",
      graceMs: 10_000,
      steps: [],
      beginDraining: () => {
        state.phase = "draining";
      },
      // Steps run in the order they were added; one that fails does not stop the rest.
      shutdown: async () => {
        state.phase = "draining";
        for (const step of state.steps) {
          await step.run().catch((error: unknown) => console.error(`shutdown step "${step.name}" failed:`, error));
        }
      },
    };
    return state;
  });
}

export const currentPhase = (): Phase => lifecycle().phase;
export const isDraining = (): boolean => lifecycle().phase === "draining";

export function markReady(): void {
  if (lifecycle().phase === "starting") lifecycle().phase = "ready";
}

export function setShutdownGrace(ms: number): void {
  lifecycle().graceMs = ms;
}

export function onShutdown(name: string, run: () => Promise<void>): void {
  lifecycle().steps.push({ name, run });
}
