import "server-only";
import { inTransaction } from "@/lib/db/transaction";
import { getEnv } from "@/lib/env";
import { logger } from "@/lib/logger";
import { getMetrics } from "@/lib/metrics";
import { processGlobal } from "@/lib/process-global";
import { adoptUnknownSubmission } from "@/lib/retries/adopt-unknown";
import { ingestSettingsFrom } from "@/lib/tasks/ingest/ingest-settings";
import { applyPendingEvents, type AppliedBatch } from "./apply-pending";
import { takeDocument } from "./document-cache";
import { claimPendingTasksSql, createDueTasksSql, createTaskSql, EVENTS_PER_BATCH, isFirstEventSql, lockedTaskViewSql, type TaskViewRow } from "./task-rows";

// The projector (docs/decisions/005-event-log-first.md): every instance runs one. It
// claims tasks with pending events, oldest event first, locking each task's row with
// SKIP LOCKED so two instances never apply the same task at once, and applies up to
// EVENTS_PER_BATCH events per transaction (apply-pending.ts). A callback appended here
// wakes it within GATHER_MS; one appended by another instance is found by the next poll.
const POLL_MS = 250;
// How long appended callbacks gather before a batch applies them: each batch costs a
// handful of round trips whatever its size, so one per callback would cost the most just
// when callbacks come fastest. A few tens of ms of lag buys batches of dozens.
const GATHER_MS = 40;
// After a failed batch (the database is away), the next try waits this long.
const RETRY_MS = 1_000;

async function claimAndApply(): Promise<AppliedBatch> {
  const settings = ingestSettingsFrom(getEnv());
  return inTransaction(async (tx) => {
    await tx.execute(createDueTasksSql());
    return applyPendingEvents(tx, await tx.query<TaskViewRow>(claimPendingTasksSql()), settings, takeDocument);
  });
}

// After a batch commits: a task that just got its first items may be a retry whose
// submission's answer never came (lib/retries/adopt-unknown.ts).
async function afterCommit(batch: AppliedBatch): Promise<void> {
  for (const taskId of batch.firstItems) await adoptUnknownSubmission(taskId);
}

// Applies one batch; how many events it applied (0: nothing was pending, or every task
// with pending events is being applied by another instance). A full batch means more wait.
export async function projectBatch(): Promise<number> {
  const started = performance.now();
  const batch = await claimAndApply();
  if (batch.events > 0) {
    const metrics = getMetrics();
    metrics.projectedEvents.inc(batch.events);
    metrics.projectionBatchSeconds.observe((performance.now() - started) / 1000);
  }
  await afterCommit(batch);
  return batch.events;
}

// Every pending event, applied, one batch after another (tests).
export async function drainProjection(): Promise<number> {
  let total = 0;
  for (;;) {
    const applied = await projectBatch();
    if (applied === 0) return total;
    total += applied;
  }
}

// One task's pending events, applied now (the task made if it is new), waiting for its
// lock if the projector holds it: a lookup's answer shows on the page that asked for it.
// The task's view afterwards, and whether the event `eventId` made the task known here.
export async function projectTaskNow(persistentId: string, eventId: bigint): Promise<{ view: TaskViewRow; isNewTask: boolean }> {
  const settings = ingestSettingsFrom(getEnv());
  const { view, isNewTask, hadItems } = await inTransaction(async (tx) => {
    await tx.execute(createTaskSql(persistentId));
    const [task] = await tx.query<TaskViewRow>(lockedTaskViewSql({ persistentId }));
    if (!task) throw new Error(`task ${persistentId} has no events`);
    const [first] = await tx.query<{ isFirst: boolean }>(isFirstEventSql(persistentId, eventId));
    let current = task;
    for (;;) {
      const batch = await applyPendingEvents(tx, [current], settings, takeDocument);
      if (batch.events === 0) return { view: current, isNewTask: first?.isFirst === true, hadItems: task.itemCount > 0 };
      current = batch.views[0] ?? current;
    }
  });
  if (!hadItems && view.itemCount > 0) await adoptUnknownSubmission(view.id);
  return { view, isNewTask };
}

type Loop = { running: boolean; wanted: boolean; stopped: boolean; timer: NodeJS.Timeout | null; dueAt: number; done: Promise<void> | null };

const loop = () => processGlobal<Loop>("projector", () => ({ running: false, wanted: false, stopped: true, timer: null, dueAt: 0, done: null }));

// Sets the next batch at most `delayMs` from now (an earlier one stands).
function schedule(delayMs: number): void {
  const state = loop();
  if (state.stopped || state.running) return;
  const dueAt = Date.now() + delayMs;
  if (state.timer && state.dueAt <= dueAt) return;
  if (state.timer) clearTimeout(state.timer);
  state.dueAt = dueAt;
  state.timer = setTimeout(() => void run(), delayMs);
  state.timer.unref();
}

async function run(): Promise<void> {
  const state = loop();
  state.timer = null;
  if (state.stopped || state.running) return;
  state.running = true;
  state.wanted = false;
  let next = POLL_MS;
  state.done = projectBatch()
    .then((applied) => {
      // A full batch: more is waiting, at once. Otherwise the callbacks still arriving
      // gather for GATHER_MS, so a storm is applied in batches, not one by one.
      if (applied >= EVENTS_PER_BATCH) next = 0;
      else if (applied > 0 || state.wanted) next = GATHER_MS;
    })
    .catch((error: unknown) => {
      next = RETRY_MS;
      logger.error({ err: error }, "a projection batch failed; it will be tried again");
    })
    .finally(() => {
      state.running = false;
      schedule(next);
    });
  await state.done;
}

// Whether this instance applies what it appends (PROJECTOR_ENABLED, and not stopping).
export function isProjecting(): boolean {
  return !loop().stopped;
}

// A callback was appended: apply it within GATHER_MS.
export function wakeProjector(): void {
  const state = loop();
  if (state.stopped) return;
  if (state.running) state.wanted = true;
  else schedule(GATHER_MS);
}

// PROJECTOR_ENABLED=false: this instance only appends (a tier that takes the vendor's
// callbacks), and another instance applies what it stores.
export function startProjector(): void {
  if (!getEnv().PROJECTOR_ENABLED) return;
  const state = loop();
  if (!state.stopped) return;
  state.stopped = false;
  schedule(0);
}

// On shutdown: no new batch; the one under way commits or rolls back as a whole.
export async function stopProjector(): Promise<void> {
  const state = loop();
  state.stopped = true;
  if (state.timer) clearTimeout(state.timer);
  state.timer = null;
  await state.done;
}
