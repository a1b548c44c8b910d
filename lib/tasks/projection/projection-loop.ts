// When the projector applies a batch (docs/decisions/005-event-log-first.md): at once
// after a full batch, within GATHER_MS of a wake (a callback was appended), else every
// POLL_MS for what other instances appended. One batch at a time. The same loop runs in
// the projector's thread (projector-thread.ts) and, on the embedded database, in the
// app's own (projector.ts). No "server-only": the thread is not part of Next.js's bundle.

const POLL_MS = 250;
// How long appended callbacks gather before a batch applies them: each batch costs a
// handful of round trips whatever its size, so one per callback would cost the most just
// when callbacks come fastest. A few tens of ms of lag buys batches of dozens.
export const GATHER_MS = 40;
// After a failed batch (the database is away), the next try waits this long.
const RETRY_MS = 1_000;

export type ProjectionLoop = {
  start(): void;
  // Events were appended: a batch within GATHER_MS.
  wake(): void;
  // No new batch; the one under way commits or rolls back as a whole.
  stop(): Promise<void>;
  isRunning(): boolean;
};

// `runBatch` applies one batch and says how many events it applied; `isFull` says whether
// that many means more are waiting.
export function createProjectionLoop(
  runBatch: () => Promise<number>,
  isFull: (applied: number) => boolean,
  onError: (error: unknown) => void,
): ProjectionLoop {
  let running = false;
  let wanted = false;
  let stopped = true;
  let timer: NodeJS.Timeout | null = null;
  let dueAt = 0;
  let done: Promise<void> = Promise.resolve();

  // Sets the next batch at most `delayMs` from now (an earlier one stands).
  function schedule(delayMs: number): void {
    if (stopped || running) return;
    const at = Date.now() + delayMs;
    if (timer && dueAt <= at) return;
    if (timer) clearTimeout(timer);
    dueAt = at;
    timer = setTimeout(run, delayMs);
    // Never what keeps a process (or the thread) alive: its owner decides when it ends.
    timer.unref();
  }

  function run(): void {
    timer = null;
    if (stopped || running) return;
    running = true;
    wanted = false;
    let next = POLL_MS;
    done = runBatch()
      .then((applied) => {
        // A full batch: more is waiting, at once. Otherwise the callbacks still arriving
        // gather for GATHER_MS, so a storm is applied in batches, not one by one.
        if (isFull(applied)) next = 0;
        else if (applied > 0 || wanted) next = GATHER_MS;
      })
      .catch((error: unknown) => {
        next = RETRY_MS;
        onError(error);
      })
      .finally(() => {
        running = false;
        schedule(next);
      });
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      schedule(0);
    },
    wake() {
      if (stopped) return;
      if (running) wanted = true;
      else schedule(GATHER_MS);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await done;
    },
    isRunning: () => !stopped,
  };
}
