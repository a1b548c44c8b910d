// A task document becomes history in one statement: the task's row is made if it is new,
// and the event is appended, once per callback body however often it is delivered. Once
// it returns, the callback is durable and can be answered; the projector derives the
// task from it afterwards (docs/decisions/005-event-log-first.md). Runs on any SqlRunner;
// no "server-only", so the benchmark's bare server runs this same statement.
import { createHash, randomUUID } from "node:crypto";
import type { SqlRunner } from "@/lib/db/sql-runner";
import { jsonForStorage, type TaskDocument } from "@/lib/fmgr/task-document";
import { Prisma } from "@/lib/generated/prisma/client";
import type { EventSourceName } from "@/lib/tasks/projection/fold-events";

export type SnapshotSource = EventSourceName;

export type Snapshot = {
  document: TaskDocument;
  source: SnapshotSource;
  // The body as received (a callback's base64) and the JSON it carried.
  raw: string;
  json: string;
  signature?: { accessKey: string; candidate: string };
  receivedAt?: Date;
};

// isNewTask: this document made the task known here. isDuplicate: the same callback body
// was stored before, and only its count of deliveries went up.
export type AppendedEvent = { taskId: bigint; eventId: bigint; isDuplicate: boolean; isNewTask: boolean };

// A callback body is recorded once, however often it is delivered; every lookup is an
// event of its own.
export function dedupeKeyOf(snapshot: Pick<Snapshot, "source" | "raw">): string {
  if (snapshot.source !== "callback") return `${snapshot.source}:${randomUUID()}`;
  return `callback:${createHash("sha256").update(snapshot.raw).digest("hex")}`;
}

// The task's row is made with the times an empty view has (fold-events.ts, emptyView),
// so a rebuild starts from exactly what this wrote. ON CONFLICT DO NOTHING takes no lock
// on an existing task, so appends never wait on the projector or on each other.
// `isRetry`: a second try after the connection died; if the first landed after all, its
// event is found and not counted as another delivery.
export function appendEventSql(snapshot: Snapshot, dedupeKey: string, now: Date, isRetry: boolean): Prisma.Sql {
  const { document } = snapshot;
  return Prisma.sql`
    WITH created AS (
      INSERT INTO tasks (persistent_id, first_seen_at, updated_at, last_activity_at, progress_at)
      VALUES (${document.id}, ${now}, ${now}, ${now}, ${now})
      ON CONFLICT (persistent_id) DO NOTHING
      RETURNING id
    ), task AS (
      SELECT id, true AS is_new FROM created
      UNION ALL
      SELECT id, false FROM tasks WHERE persistent_id = ${document.id}
      LIMIT 1
    ), event AS (
      INSERT INTO task_events (task_id, source, dedupe_key, code, raw, decoded, signature_key, signature_candidate, received_at, last_received_at)
      SELECT task.id, ${snapshot.source}::"EventSource", ${dedupeKey}, ${document.code}, ${snapshot.raw}, ${jsonForStorage(snapshot.json)}::jsonb,
             ${snapshot.signature?.accessKey ?? null}, ${snapshot.signature?.candidate ?? null}, ${now}, ${now}
      FROM task
      ON CONFLICT (dedupe_key) DO UPDATE SET deliveries = task_events.deliveries + ${isRetry ? 0 : 1}, last_received_at = EXCLUDED.last_received_at
      RETURNING id, task_id, (xmax = 0) AS inserted
    )
    SELECT event.id AS "eventId", event.task_id AS "taskId", NOT event.inserted AS "isDuplicate", task.is_new AS "isNewTask"
    FROM event CROSS JOIN task`;
}

// Two first deliveries of a new task at once: the second waits at the unique index, and
// its statement's snapshot, taken before the first committed, cannot see the task to
// attach its event to. It comes back empty, and a second statement sees the task.
export async function appendEvent(db: SqlRunner, snapshot: Snapshot, dedupeKey: string, now: Date, isRetry = false): Promise<AppendedEvent> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const [appended] = await db.query<AppendedEvent>(appendEventSql(snapshot, dedupeKey, now, isRetry));
    if (appended) return appended;
  }
  throw new Error(`could not append an event to task ${snapshot.document.id}`);
}
