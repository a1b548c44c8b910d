import "server-only";
import { existsSync } from "node:fs";
import path from "node:path";
import { databasePool } from "@/lib/db/client";
import { inTransaction } from "@/lib/db/transaction";
import type { TaskDocument } from "@/lib/fmgr/task-document";
import { getEnv } from "@/lib/env";
import { logger } from "@/lib/logger";
import { getMetrics } from "@/lib/metrics";
import { processGlobal } from "@/lib/process-global";
import { adoptUnknownSubmission } from "@/lib/retries/adopt-unknown";
import { ingestSettingsFrom } from "@/lib/tasks/ingest/ingest-settings";
import { applyPendingEvents, claimAndApplyPending, type AppliedBatch } from "./apply-pending";
import { rememberDocument, takeDocument } from "./document-cache";
import { createProjectionLoop, type ProjectionLoop } from "./projection-loop";
import { startProjectorThread, type ProjectorThread } from "./projector-host";
import { createTaskSql, EVENTS_PER_BATCH, isFirstEventSql, lockedTaskViewSql, type TaskViewRow } from "./task-rows";
import type { FromProjectorThread } from "./thread-messages";

// The projector (docs/decisions/005-event-log-first.md): every instance runs one. It
// claims tasks with pending events, oldest event first, locking each task's row with
// SKIP LOCKED so two instances never apply the same task at once, and applies up to
// EVENTS_PER_BATCH events per transaction (apply-pending.ts). A callback appended here
// wakes it within GATHER_MS; one appended by another instance is found by the next poll
// (projection-loop.ts).
//
// On Postgres it runs in a thread of its own (projector-thread.ts), so the fold never
// holds up the callbacks this instance answers. On the embedded database (one connection,
// in this process) and under `next dev` (no bundle of the thread) it runs here.
const THREAD_FILE = path.join(process.cwd(), ".next", "fmgr", "projector-thread.mjs");

// After a batch commits, wherever it ran: it is counted, and a task that just got its
// first items may be a retry whose submission's answer never came (lib/retries/adopt-unknown.ts).
async function afterCommit(batch: { events: number; seconds: number; firstItems: readonly bigint[] }): Promise<void> {
  if (batch.events > 0) {
    const metrics = getMetrics();
    metrics.projectedEvents.inc(batch.events);
    metrics.projectionBatchSeconds.observe(batch.seconds);
  }
  for (const taskId of batch.firstItems) await adoptUnknownSubmission(taskId);
}

// Applies one batch here; how many events it applied (0: nothing was pending, or every
// task with pending events is being applied by another instance).
export async function projectBatch(): Promise<number> {
  const started = performance.now();
  const settings = ingestSettingsFrom(getEnv());
  const batch: AppliedBatch = await inTransaction((tx) => claimAndApplyPending(tx, settings, takeDocument));
  await afterCommit({ ...batch, seconds: (performance.now() - started) / 1000 });
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

type Projector = { loop: ProjectionLoop | null; thread: ProjectorThread | null };

const projector = () => processGlobal<Projector>("projector", () => ({ loop: null, thread: null }));

function onThreadBatch(batch: FromProjectorThread): void {
  afterCommit(batch).catch((error: unknown) => logger.error({ err: error }, "a projected batch's follow-up failed"));
}

// process.env.NODE_ENV, not getEnv(): it is the build's mode, which Next inlines at build
// time; the thread's file exists only after a production build.
function shouldUseThread(): boolean {
  if (databasePool() === undefined || process.env.NODE_ENV !== "production") return false;
  if (existsSync(THREAD_FILE)) return true;
  logger.warn({ file: THREAD_FILE }, "The projector's thread is missing from this build; the projector runs on the app's own thread, slower under load");
  return false;
}

// A callback was appended here: the projector applies it within GATHER_MS. The in-process
// projector keeps its document, so as not to read it back.
export function noteAppended(eventId: bigint, document: TaskDocument): void {
  const { loop, thread } = projector();
  if (thread) thread.wake();
  else if (loop?.isRunning()) {
    rememberDocument(eventId, document);
    loop.wake();
  }
}

// PROJECTOR_ENABLED=false: this instance only appends (a tier that takes the vendor's
// callbacks), and another instance applies what it stores.
export function startProjector(): void {
  if (!getEnv().PROJECTOR_ENABLED) return;
  const state = projector();
  if (state.loop || state.thread) return;
  if (shouldUseThread()) {
    state.thread = startProjectorThread(THREAD_FILE, onThreadBatch);
    logger.info("The projector runs in a thread of its own");
    return;
  }
  state.loop = createProjectionLoop(
    projectBatch,
    (applied) => applied >= EVENTS_PER_BATCH,
    (error) => logger.error({ err: error }, "a projection batch failed; it will be tried again"),
  );
  state.loop.start();
}

// On shutdown: no new batch; the one under way commits or rolls back as a whole.
export async function stopProjector(): Promise<void> {
  const state = projector();
  await Promise.all([state.loop?.stop(), state.thread?.stop()]);
}
