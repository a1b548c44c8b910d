// The event log and the projector in this process, against the real Postgres: a callback
// is durable after one statement, the projector applies it, and a rebuild from the log
// gives back exactly the task the projector made, whatever the stream and its batching.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, queryDatabase, type TestDatabase } from "@/scripts/test-support/test-database";
import { migrateDatabase } from "@/lib/db/migrate";
import { parseTaskDocument } from "@/lib/fmgr/task-document";
import type * as IngestModule from "@/lib/tasks/ingest/ingest-snapshot";
import type * as ProjectorModule from "./projector";
import type * as ReprojectModule from "./reproject";
import type { SnapshotSource } from "@/lib/tasks/ingest/append-event";
import { rememberDocument } from "./document-cache";

let db: TestDatabase;
let domain: typeof IngestModule & typeof ProjectorModule & typeof ReprojectModule;
let sequence = 0;

beforeAll(async () => {
  db = await createTestDatabase("projector");
  await migrateDatabase({ kind: "postgres", url: db.url });
  // Read once by lib/env.ts, so set before the domain is first loaded. No projector loop
  // runs here: each test applies events when it chooses to.
  Object.assign(process.env, { DATABASE_URL: db.url, LOG_LEVEL: "silent" });
  domain = { ...(await import("@/lib/tasks/ingest/ingest-snapshot")), ...(await import("./projector")), ...(await import("./reproject")) };
});

afterAll(async () => {
  const { closeDatabase } = await import("@/lib/db/client");
  await closeDatabase();
  await db?.drop();
});

const query = <T extends Record<string, unknown>>(sql: string, values: unknown[] = []) => queryDatabase<T>(db.url, sql, values);

function snapshotOf(document: object, source: SnapshotSource = "callback", receivedAt?: Date) {
  const json = JSON.stringify(document);
  const parsed = parseTaskDocument(json);
  if (!parsed.ok) throw new Error(parsed.message);
  return { document: parsed.document, source, raw: Buffer.from(json).toString("base64"), json, receivedAt };
}

function newId(): string {
  sequence += 1;
  return `ff808081proj${String(sequence).padStart(8, "0")}${Date.now()}`;
}

const item = (key: string, code: number | null, error: string | null = null) => ({ cmd: `bucket/bWVkaWE=/key/${Buffer.from(key).toString("base64url")}`, code, error, key });

// The task's derived columns and every item, as stored: what a rebuild must reproduce.
async function storedTask(persistentId: string) {
  const [task] = await query(
    `SELECT state, callback_code, lookup_code, "desc", separate, ops, item_count, pending_count, processing_count, succeeded_count,
            failed_count, unknown_count, first_seen_at, updated_at, progress_at, last_activity_at, last_callback_at, last_checked_at,
            next_check_at, check_attempts, callback_missing_at
     FROM tasks WHERE persistent_id = $1`,
    [persistentId],
  );
  const items = await query(
    `SELECT i.index, i.cmd_digest, i.occurrence, i.op, i.key, i.code, i.outcome, i.error, i.fsize::text AS fsize, i.first_seen_at, i.updated_at
     FROM task_items i JOIN tasks t ON t.id = i.task_id WHERE t.persistent_id = $1 ORDER BY i.cmd_digest, i.occurrence`,
    [persistentId],
  );
  const [pending] = await query<{ count: string }>("SELECT count(*) AS count FROM task_events WHERE persistent_id = $1 AND applied_seq IS NULL", [persistentId]);
  return { task, items, pending: Number(pending?.count) };
}

const taskIdOf = async (persistentId: string) => (await query<{ id: string }>("SELECT id FROM tasks WHERE persistent_id = $1", [persistentId]))[0]?.id ?? "";

describe("a callback in the event log", () => {
  it("is durable after one statement, shows as pending, and is applied by the projector", async () => {
    const id = newId();
    const appended = await domain.appendSnapshot(snapshotOf({ id, code: 3, separate: 0, items: [item("a.mp4", 6), item("b.mp4", 20, "404")] }));
    expect(appended).toMatchObject({ isDuplicate: false });
    // Stored, named by its persistentId; no task is made until the projector applies it.
    const before = await storedTask(id);
    expect(before.task).toBeUndefined();
    expect(before.pending).toBe(1);

    expect(await domain.drainProjection()).toBeGreaterThanOrEqual(1);
    const after = await storedTask(id);
    expect(after.task).toMatchObject({ state: "partial", item_count: 2, failed_count: 1, callback_code: 3 });
    expect(after.pending).toBe(0);
  });

  it("stores a redelivery as a count on the same event, which is applied once", async () => {
    const id = newId();
    const snapshot = snapshotOf({ id, code: 3, separate: 0, items: [item("a.mp4", 6)] });
    await domain.appendSnapshot(snapshot);
    expect(await domain.appendSnapshot(snapshot)).toMatchObject({ isDuplicate: true });
    await domain.drainProjection();
    const [event] = await query<{ deliveries: number; applied: boolean }>(
      "SELECT e.deliveries, e.applied_seq IS NOT NULL AS applied FROM task_events e JOIN tasks t ON t.id = e.task_id WHERE t.persistent_id = $1",
      [id],
    );
    expect(event).toEqual({ deliveries: 2, applied: true });
  });

  it("makes one task of many first deliveries at once, each its own event, however the batches fall", async () => {
    const id = newId();
    const documents = Array.from({ length: 30 }, (_, n) => ({ id, code: 1, separate: 1, items: [item(`part-${n}.mp4`, 6)] }));
    await Promise.all(documents.map((document, n) => domain.appendSnapshot(snapshotOf(document)).then(() => (n % 7 === 0 ? domain.projectBatch() : 0))));
    await domain.drainProjection();
    const events = await query<{ linked: boolean }>("SELECT task_id = (SELECT id FROM tasks WHERE persistent_id = $1) AS linked FROM task_events WHERE persistent_id = $1", [id]);
    expect(events.map((event) => event.linked)).toEqual(Array.from({ length: 30 }, () => true));
    const { task, items } = await storedTask(id);
    expect(task).toMatchObject({ item_count: 30 });
    expect(await query("SELECT 1 FROM tasks WHERE persistent_id = $1", [id])).toHaveLength(1);
    // Each separate notification's item took the next place, none twice.
    expect(items.map((row) => row.index).sort((a, b) => Number(a) - Number(b))).toEqual(Array.from({ length: 30 }, (_, n) => n));
  });

  it("imports a task a lookup names for the first time", async () => {
    const id = newId();
    expect(await domain.ingestSnapshot(snapshotOf({ id, code: 1, items: [item("a.mp4", 1)] }, "lookup"))).toMatchObject({ state: "processing", isNewTask: true });
  });

  it("calls a lookup an import even when another projector made the task first", async () => {
    const id = newId();
    const snapshot = snapshotOf({ id, code: 1, items: [item("a.mp4", 1)] }, "lookup");
    const appended = await domain.appendSnapshot(snapshot);
    await domain.drainProjection();
    expect(await domain.projectTaskNow(id, appended.eventId)).toMatchObject({ isNewTask: true });
  });

  it("brings a looked-up task up to date at once, with the callbacks still pending before it", async () => {
    const id = newId();
    await domain.appendSnapshot(snapshotOf({ id, code: 2, separate: 0, items: [item("a.mp4", 20, "404")] }));
    const result = await domain.ingestSnapshot(snapshotOf({ id, code: 4, items: [item("a.mp4", 19, "404")] }, "lookup"));
    // The callback before it made the task: this lookup did not import it.
    expect(result).toMatchObject({ state: "failed", isNewTask: false });
    expect((await storedTask(id)).pending).toBe(0);
  });
});

// One scheduled step of a stream: append an event, or let the projector take a batch.
type Step = { kind: "event"; source: SnapshotSource; document: object; seconds: number } | { kind: "project" };

const CMD_KEYS = ["a.mp4", "b.mp4", "c.mp4"];
const documentArb = (id: string) =>
  fc.record({
    id: fc.constant(id),
    code: fc.constantFrom(null, 0, 1, 2, 3, 4, 5, 6),
    desc: fc.option(fc.constantFrom("processing", "done"), { nil: null }),
    separate: fc.constantFrom(0, 1),
    items: fc.array(
      fc.record({ key: fc.constantFrom(...CMD_KEYS), code: fc.constantFrom(null, 0, 1, 2, 3, 6, 18, 19, 20), error: fc.option(fc.constant("404"), { nil: null }) }).map(({ key, code, error }) => item(key, code, error)),
      { maxLength: 3 },
    ),
  });

describe("incremental projection against a rebuild from the log", () => {
  it("are the same for any stream: any order, duplicates, lookups interleaved, any batching", async () => {
    const base = Date.parse("2026-11-01T00:00:00Z");
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 4, maxLength: 4, unit: fc.constantFrom(..."abcdef0123456789") }).chain((suffix) => {
          const id = `ff808081prop${suffix}${String((sequence += 1)).padStart(6, "0")}`;
          const eventArb: fc.Arbitrary<Step> = fc.record({
            kind: fc.constant("event" as const),
            source: fc.constantFrom<SnapshotSource>("callback", "lookup", "reconcile"),
            document: documentArb(id),
            seconds: fc.integer({ min: 0, max: 86_400 }),
          });
          return fc.tuple(fc.constant(id), fc.array(fc.oneof({ weight: 4, arbitrary: eventArb }, { weight: 1, arbitrary: fc.constant<Step>({ kind: "project" }) }), { minLength: 1, maxLength: 14 }));
        }),
        async ([id, steps]) => {
          fc.pre(steps.some((step) => step.kind === "event"));
          for (const step of steps) {
            if (step.kind === "project") await domain.projectBatch();
            // A callback delivered twice is one event; a lookup's answer is always its own.
            // The projector takes the documents this process appended from memory, as a
            // running app's does; the rebuild reads them back from the log.
            else {
              const snapshot = snapshotOf(step.document, step.source, new Date(base + step.seconds * 1000));
              const appended = await domain.appendSnapshot(snapshot);
              if (!appended.isDuplicate) rememberDocument(appended.eventId, snapshot.document);
            }
          }
          await domain.drainProjection();
          const incremental = await storedTask(id);
          const taskId = BigInt(await taskIdOf(id));
          const { inTransaction } = await import("@/lib/db/transaction");
          const { ingestSettingsFrom } = await import("@/lib/tasks/ingest/ingest-settings");
          const { getEnv } = await import("@/lib/env");
          const report = await domain.reproject(inTransaction, ingestSettingsFrom(getEnv()), { taskId });
          expect(report).toMatchObject({ unchanged: 1 });
          expect(await storedTask(id)).toEqual(incremental);
        },
      ),
      { numRuns: 30 },
    );
  }, 120_000);

  it("re-derives a task whose stored view went wrong, and skips one whose history retention trimmed", async () => {
    const id = newId();
    await domain.appendSnapshot(snapshotOf({ id, code: 3, separate: 0, items: [item("a.mp4", 6), item("b.mp4", 20, "404")] }));
    await domain.drainProjection();
    const good = await storedTask(id);
    // A bug that wrote the wrong counts, and lost an item.
    await query("UPDATE tasks SET failed_count = 0, state = 'succeeded' WHERE persistent_id = $1", [id]);
    await query("DELETE FROM task_items WHERE key = 'b.mp4' AND task_id = (SELECT id FROM tasks WHERE persistent_id = $1)", [id]);
    const { inTransaction } = await import("@/lib/db/transaction");
    const { ingestSettingsFrom } = await import("@/lib/tasks/ingest/ingest-settings");
    const { getEnv } = await import("@/lib/env");
    const settings = ingestSettingsFrom(getEnv());
    const all = await domain.reproject(inTransaction, settings);
    expect(all.rebuilt).toBe(1);
    const rebuilt = await storedTask(id);
    expect(rebuilt.task).toEqual(good.task);
    expect(rebuilt.items.map(({ key, code }) => [key, code])).toEqual(good.items.map(({ key, code }) => [key, code]));

    await query("UPDATE tasks SET history_trimmed_at = now() WHERE persistent_id = $1", [id]);
    expect(await domain.reproject(inTransaction, settings, { taskId: BigInt(await taskIdOf(id)) })).toMatchObject({ trimmed: 1 });
  });
});
