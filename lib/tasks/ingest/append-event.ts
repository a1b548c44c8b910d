// A task document becomes history in one statement: the event is appended, once per
// callback body however often it is delivered. Once it returns, the callback is durable
// and can be answered; the projector makes or updates the task from it afterwards
// (docs/decisions/005-event-log-first.md). Runs on any SqlRunner; no "server-only", so
// the benchmark's bare server runs this same statement.
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

// isDuplicate: the same callback body was stored before, and only its count of
// deliveries went up.
export type AppendedEvent = { eventId: bigint; isDuplicate: boolean };

// A callback body is recorded once, however often it is delivered; every lookup is an
// event of its own.
export function dedupeKeyOf(snapshot: Pick<Snapshot, "source" | "raw">): string {
  if (snapshot.source !== "callback") return `${snapshot.source}:${randomUUID()}`;
  return `callback:${createHash("sha256").update(snapshot.raw).digest("hex")}`;
}

// One insert of the event alone, named by its task's persistentId: no task row is read
// or written, so appends never wait on the projector, on each other, or on a task's
// indexes and counters. `isRetry`: a second try after the connection died; if the first
// landed after all, its event is found and not counted as another delivery.
export function appendEventSql(snapshot: Snapshot, dedupeKey: string, now: Date, isRetry: boolean): Prisma.Sql {
  const { document } = snapshot;
  return Prisma.sql`
    INSERT INTO task_events (persistent_id, source, dedupe_key, code, raw, decoded, signature_key, signature_candidate, received_at, last_received_at)
    VALUES (${document.id}, ${snapshot.source}::"EventSource", ${dedupeKey}, ${document.code}, ${snapshot.raw}, ${jsonForStorage(snapshot.json)}::jsonb,
            ${snapshot.signature?.accessKey ?? null}, ${snapshot.signature?.candidate ?? null}, ${now}, ${now})
    ON CONFLICT (dedupe_key) DO UPDATE SET deliveries = task_events.deliveries + ${isRetry ? 0 : 1}, last_received_at = EXCLUDED.last_received_at
    RETURNING id AS "eventId", xmax <> 0 AS "isDuplicate"`;
}

export async function appendEvent(db: SqlRunner, snapshot: Snapshot, dedupeKey: string, now: Date, isRetry = false): Promise<AppendedEvent> {
  const [appended] = await db.query<AppendedEvent>(appendEventSql(snapshot, dedupeKey, now, isRetry));
  if (!appended) throw new Error(`could not append an event to task ${snapshot.document.id}`);
  return appended;
}
