import "server-only";
import { inStatement } from "@/lib/db/transaction";
import { noteAppended, projectTaskNow } from "@/lib/tasks/projection/projector";
import type { TaskState } from "@/lib/tasks/task-state";
import { appendEvent, dedupeKeyOf, type AppendedEvent, type Snapshot } from "./append-event";

export type { AppendedEvent, Snapshot, SnapshotSource } from "./append-event";

// isNewTask: this document made the task known here (a lookup that imports it).
export type IngestResult = AppendedEvent & { taskId: bigint; isNewTask: boolean; state: TaskState };

// A callback: appended in one statement, durable when this returns, and applied to its
// task by the projector, which this wakes.
export async function appendSnapshot(snapshot: Snapshot): Promise<AppendedEvent> {
  const now = snapshot.receivedAt ?? new Date();
  // Keyed once, before the first try: a retry after a lost connection meets the event
  // its first try may have committed.
  const dedupeKey = dedupeKeyOf(snapshot);
  const appended = await inStatement((db, attempt) => appendEvent(db, snapshot, dedupeKey, now, attempt.isRetry));
  if (!appended.isDuplicate) noteAppended(appended.eventId, snapshot.document);
  return appended;
}

// A lookup's answer (or any document someone waits on): appended like a callback, then
// its task is brought up to date at once, so the answer shows on the page that asked.
export async function ingestSnapshot(snapshot: Snapshot): Promise<IngestResult> {
  const appended = await appendSnapshot(snapshot);
  const { view, isNewTask } = await projectTaskNow(snapshot.document.id, appended.eventId);
  return { ...appended, taskId: view.id, isNewTask, state: view.state };
}
