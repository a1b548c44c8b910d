// How one task document changes the stored task: the event is recorded, items merged,
// codes moved forward, and the task's state, counters, next check and alerts set. Runs on
// any SqlRunner inside a transaction the caller owns (ingestSnapshot in the app; the
// benchmark's bare server runs these same statements). No "server-only" for that reason.
import { createHash, randomUUID } from "node:crypto";
import { describeItemCode, itemOutcome, mayReplaceTaskCode } from "@/lib/fmgr/codes";
import { jsonForStorage, type TaskDocument } from "@/lib/fmgr/task-document";
import type { SqlRunner } from "@/lib/db/sql-runner";
import type { Env } from "@/lib/env";
import { Prisma } from "@/lib/generated/prisma/client";
import { deriveTaskState, type TaskState } from "@/lib/tasks/task-state";
import { alertConditionsFor } from "./alert-conditions";
import { isCallbackMissing, scheduleNextCheck, type ScheduleSettings } from "./check-schedule";
import { mergeItems, type ItemRow, type StoredItem } from "./merge-items";

export type SnapshotSource = "callback" | "lookup" | "reconcile";

export type Snapshot = {
  document: TaskDocument;
  source: SnapshotSource;
  // The body as received (a callback's base64) and the JSON it carried.
  raw: string;
  json: string;
  signature?: { accessKey: string; candidate: string };
  receivedAt?: Date;
  // Set once per ingest (ingestSnapshot), so a transaction tried again after its
  // connection died meets the event its first try may have committed.
  dedupeKey?: string;
};

// isNewTask: this document made the task known here (an import, for a lookup).
export type IngestResult = { taskId: bigint; eventId: bigint; isDuplicate: boolean; isNewTask: boolean; state: TaskState };

type TaskBefore = {
  id: bigint;
  state: TaskState;
  callback_code: number | null;
  lookup_code: number | null;
  desc: string | null;
  separate: boolean;
  first_seen_at: Date;
  check_attempts: number;
  last_callback_at: Date | null;
  callback_missing: boolean;
  created: boolean;
};

// The columns of TaskBefore, for the test that holds them against the real schema.
export const TASK_BEFORE_COLUMNS = {
  id: true,
  state: true,
  callback_code: true,
  lookup_code: true,
  desc: true,
  separate: true,
  first_seen_at: true,
  check_attempts: true,
  last_callback_at: true,
  callback_missing: true,
  created: true,
} as const satisfies Record<keyof TaskBefore, true>;

export const STORED_ITEM_COLUMNS = { cmdDigest: true, occurrence: true, code: true, op: true, index: true } as const satisfies Record<keyof StoredItem, true>;

// Creating or touching the task row locks it: every ingest of one task runs in turn,
// and two first deliveries of a new task meet at the unique index, not in an error.
export function lockTaskSql(persistentId: string, now: Date): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO tasks (persistent_id, first_seen_at, updated_at, last_activity_at) VALUES (${persistentId}, ${now}, ${now}, ${now})
    ON CONFLICT (persistent_id) DO UPDATE SET persistent_id = EXCLUDED.persistent_id
    RETURNING id, state, callback_code, lookup_code, "desc", separate, first_seen_at, check_attempts, last_callback_at,
              callback_missing_at IS NOT NULL AS callback_missing, (xmax = 0) AS created`;
}

export function storedItemsSql(taskId: bigint): Prisma.Sql {
  return Prisma.sql`SELECT cmd_digest AS "cmdDigest", occurrence, code, op, index FROM task_items WHERE task_id = ${taskId}`;
}


// A callback body is recorded once, however often it is delivered; every lookup is an
// event of its own.
export function dedupeKeyOf(snapshot: Snapshot): string {
  if (snapshot.source !== "callback") return `${snapshot.source}:${randomUUID()}`;
  return `callback:${createHash("sha256").update(snapshot.raw).digest("hex")}`;
}

function countClasses(codes: readonly (number | null)[]) {
  const counts = { pending: 0, processing: 0, succeeded: 0, failed: 0, unknown: 0 };
  for (const code of codes) counts[describeItemCode(code).class]++;
  return counts;
}

async function writeItems(tx: SqlRunner, taskId: bigint, rows: ItemRow[], now: Date): Promise<void> {
  if (rows.length === 0) return;
  const column = <K extends keyof ItemRow>(key: K) => rows.map((row) => row[key]);
  await tx.execute(Prisma.sql`
    INSERT INTO task_items (task_id, index, cmd, cmd_digest, occurrence, op, bucket, key, code, outcome, "desc", error, hash, fsize, url, decompresslist, first_seen_at, updated_at)
    SELECT ${taskId}::bigint, u.index, u.cmd, u.cmd_digest, u.occurrence, u.op, u.bucket, u.key, u.code, u.outcome, u."desc", u.error, u.hash, u.fsize::bigint, u.url, u.decompresslist, ${now}, ${now}
    FROM unnest(${column("index")}::int[], ${column("cmd")}::text[], ${column("cmdDigest")}::text[], ${column("occurrence")}::int[],
                ${column("op")}::text[], ${column("bucket")}::text[], ${column("key")}::text[], ${column("code")}::int[],
                ${rows.map((row) => itemOutcome(row.code))}::smallint[],
                ${column("desc")}::text[], ${column("error")}::text[], ${column("hash")}::text[], ${column("fsize")}::text[],
                ${column("url")}::text[], ${column("decompresslist")}::text[])
      AS u(index, cmd, cmd_digest, occurrence, op, bucket, key, code, outcome, "desc", error, hash, fsize, url, decompresslist)
    ON CONFLICT (task_id, cmd_digest, occurrence) DO UPDATE SET
      index = EXCLUDED.index, op = EXCLUDED.op, bucket = EXCLUDED.bucket, key = EXCLUDED.key, code = EXCLUDED.code, outcome = EXCLUDED.outcome,
      "desc" = EXCLUDED."desc", error = EXCLUDED.error, hash = EXCLUDED.hash, fsize = EXCLUDED.fsize, url = EXCLUDED.url,
      decompresslist = EXCLUDED.decompresslist, updated_at = EXCLUDED.updated_at`);
}

export type IngestSettings = ScheduleSettings & { alertsEnabled: boolean };

export function ingestSettingsFrom(env: Env): IngestSettings {
  return {
    staleAfterMs: env.RECONCILER_STALE_AFTER_MS,
    maxBackoffMs: env.RECONCILER_MAX_BACKOFF_MS,
    maxAgeMs: env.RECONCILER_MAX_AGE_MS,
    alertsEnabled: env.ALERT_WEBHOOK_URL !== undefined,
  };
}

// `isRetry`: this transaction is a second try after the first lost its connection. If the
// first committed after all, its event is found and not counted as another delivery.
export async function applySnapshot(tx: SqlRunner, snapshot: Snapshot, now: Date, settings: IngestSettings, { isRetry = false } = {}): Promise<IngestResult> {
  const { document } = snapshot;
  const [task] = await tx.query<TaskBefore>(lockTaskSql(document.id, now));
  if (!task) throw new Error(`could not create or lock task ${document.id}`);

  const [event] = await tx.query<{ id: bigint; inserted: boolean }>(Prisma.sql`
    INSERT INTO task_events (task_id, source, dedupe_key, code, raw, decoded, signature_key, signature_candidate, received_at, last_received_at)
    VALUES (${task.id}, ${snapshot.source}::"EventSource", ${snapshot.dedupeKey ?? dedupeKeyOf(snapshot)}, ${document.code}, ${snapshot.raw}, ${jsonForStorage(snapshot.json)}::jsonb,
            ${snapshot.signature?.accessKey ?? null}, ${snapshot.signature?.candidate ?? null}, ${now}, ${now})
    ON CONFLICT (dedupe_key) DO UPDATE SET deliveries = task_events.deliveries + ${isRetry ? 0 : 1}, last_received_at = EXCLUDED.last_received_at
    RETURNING id, (xmax = 0) AS inserted`);
  if (!event) throw new Error(`could not record the event of task ${document.id}`);

  // A redelivery changes nothing but its count; the task already holds what it said.
  if (!event.inserted) return { taskId: task.id, eventId: event.id, isDuplicate: true, isNewTask: task.created, state: task.state };

  const stored = await tx.query<StoredItem>(storedItemsSql(task.id));

  const merge = mergeItems(stored, document);
  await writeItems(tx, task.id, merge.writes, now);

  const family = snapshot.source === "callback" ? "callback" : "lookup";
  const current = family === "callback" ? task.callback_code : task.lookup_code;
  const takesCode = mayReplaceTaskCode(family, current, document.code);
  const callbackCode = family === "callback" && takesCode ? document.code : task.callback_code;
  const lookupCode = family === "lookup" && takesCode ? document.code : task.lookup_code;
  const state = deriveTaskState({ itemCodes: merge.codes, lookupCode, callbackCode });
  const counts = countClasses(merge.codes);
  const isCallback = snapshot.source === "callback";
  const schedule = scheduleNextCheck({ state, source: snapshot.source, previousAttempts: task.check_attempts, firstSeenAt: task.first_seen_at, now, settings });
  const callbackMissing = isCallbackMissing({ lookupCode, hasCallback: isCallback || task.last_callback_at !== null });

  await tx.execute(Prisma.sql`
    UPDATE tasks SET
      state = ${state}::"TaskState", callback_code = ${callbackCode}, lookup_code = ${lookupCode},
      "desc" = ${takesCode && document.desc !== null ? document.desc : task.desc}, separate = ${task.separate || document.separate},
      ops = ${merge.ops}::text[], item_count = ${merge.codes.length}, pending_count = ${counts.pending},
      processing_count = ${counts.processing}, succeeded_count = ${counts.succeeded}, failed_count = ${counts.failed},
      unknown_count = ${counts.unknown}, updated_at = ${now},
      progress_at = CASE WHEN ${isCallback} OR state <> ${state}::"TaskState" OR pending_count <> ${counts.pending}
        OR processing_count <> ${counts.processing} OR succeeded_count <> ${counts.succeeded} OR failed_count <> ${counts.failed}
        OR unknown_count <> ${counts.unknown} OR item_count <> ${merge.codes.length} THEN ${now} ELSE progress_at END, last_activity_at = GREATEST(last_activity_at, ${now}),
      last_callback_at = CASE WHEN ${isCallback} THEN ${now} ELSE last_callback_at END,
      last_checked_at = CASE WHEN ${isCallback} THEN last_checked_at ELSE ${now} END,
      next_check_at = ${schedule.nextCheckAt}, check_attempts = ${schedule.checkAttempts},
      callback_missing_at = CASE WHEN ${callbackMissing} THEN COALESCE(callback_missing_at, ${now}) ELSE NULL END
    WHERE id = ${task.id}`);

  // Queued in the same transaction as the change it reports, so it is neither lost nor
  // doubled; the key (task, condition) keeps it to one per task and condition.
  const alerts = settings.alertsEnabled
    ? alertConditionsFor({ stateBefore: task.state, stateAfter: state, wasCallbackMissing: task.callback_missing, isCallbackMissing: callbackMissing })
    : [];
  if (alerts.length > 0) {
    await tx.execute(Prisma.sql`INSERT INTO task_alerts (task_id, condition) SELECT ${task.id}::bigint, unnest(${alerts}::text[]) ON CONFLICT DO NOTHING`);
  }
  return { taskId: task.id, eventId: event.id, isDuplicate: false, isNewTask: task.created, state };
}
