// The reconciler in this process, against its own database on the real Postgres and the
// fake vendor over HTTP.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, queryDatabase, type TestDatabase } from "@/scripts/test-support/test-database";
import { parseTaskDocument } from "@/lib/fmgr/task-document";
import { migrateDatabase } from "@/lib/db/migrate";
import { FakeVendor, type VendorTask } from "@/scripts/fake-vendor";
import type * as IngestModule from "@/lib/tasks/ingest/ingest-snapshot";
import type * as ReconcilerModule from "./reconciler";

const MINUTE = 60_000;
let db: TestDatabase;
let vendor: FakeVendor;
let sequence = 0;
let domain: typeof ReconcilerModule & typeof IngestModule;

beforeAll(async () => {
  db = await createTestDatabase("reconcile");
  await migrateDatabase({ kind: "postgres", url: db.url });
  vendor = await FakeVendor.start();
  // Read once by lib/env.ts, so set before the domain is first loaded.
  Object.assign(process.env, { DATABASE_URL: db.url, FMGR_MGR_DOMAIN: vendor.url, FMGR_LOOKUP_TIMEOUT_MS: "2000", LOG_LEVEL: "silent" });
  domain = { ...(await import("./reconciler")), ...(await import("@/lib/tasks/ingest/ingest-snapshot")) };
});

afterAll(async () => {
  const { getDb } = await import("@/lib/db/client");
  await getDb().$disconnect();
  await vendor?.close();
  await db?.drop();
});

beforeEach(async () => {
  await queryDatabase(db.url, "TRUNCATE tasks, task_lookups CASCADE");
  vendor.statusRequests.length = 0;
  vendor.tasks.clear();
});

const settings = { batch: 100, staleAfterMs: 10 * MINUTE, maxBackoffMs: 6 * 60 * MINUTE, maxAgeMs: 7 * 24 * 60 * MINUTE, leaseMs: 5 * MINUTE };

function taskDocument(code: number, itemCode: number): VendorTask & { items: unknown[] } {
  sequence += 1;
  return { id: `ff808081recon${String(sequence).padStart(8, "0")}`, code, desc: "d", separate: 0, items: [{ cmd: "bucket/YQ==/key/Yg==", code: itemCode }] };
}

async function recordAt(document: VendorTask, source: "callback" | "lookup", minutesAgo: number) {
  const json = JSON.stringify(document);
  const parsed = parseTaskDocument(json);
  if (!parsed.ok) throw new Error(parsed.message);
  await domain.ingestSnapshot({ document: parsed.document, source, raw: json, json, receivedAt: new Date(Date.now() - minutesAgo * MINUTE) });
}

async function taskRow(persistentId: string) {
  const [row] = await queryDatabase<{ state: string; next_check_at: Date | null; check_attempts: number; callback_missing_at: Date | null; sources: string[] }>(
    db.url,
    `SELECT t.state, t.next_check_at, t.check_attempts, t.callback_missing_at,
            array(SELECT e.source::text FROM task_events e WHERE e.task_id = t.id ORDER BY e.id) AS sources
     FROM tasks t WHERE t.persistent_id = $1`,
    [persistentId],
  );
  return row;
}

async function lookupsOf(persistentId: string) {
  return queryDatabase<{ trigger: string; outcome: string; message: string }>(
    db.url,
    "SELECT trigger, outcome, message FROM task_lookups WHERE persistent_id = $1 ORDER BY id DESC",
    [persistentId],
  );
}

async function failingOf(persistentId: string) {
  const [row] = await queryDatabase<{ last_lookup_outcome: string; lookup_failures: number; failing: boolean; stalled_minutes: number }>(
    db.url,
    `SELECT last_lookup_outcome, lookup_failures, lookup_failing_since IS NOT NULL AS failing,
            round(extract(epoch FROM now() - progress_at) / 60)::int AS stalled_minutes
     FROM tasks WHERE persistent_id = $1`,
    [persistentId],
  );
  return row;
}

describe("a reconcile round", () => {
  it("looks up a stale running task, and leaves fresh and final ones alone", async () => {
    const stale = taskDocument(1, 1);
    const fresh = taskDocument(1, 1);
    const final = taskDocument(3, 6);
    await recordAt(stale, "callback", 11);
    await recordAt(fresh, "callback", 1);
    await recordAt(final, "callback", 11);
    for (const task of [stale, fresh, final]) vendor.setTask({ ...task, code: 6, items: [{ cmd: "bucket/YQ==/key/Yg==", code: 6 }] });

    const report = await domain.runReconcileRound(settings);

    expect(report).toEqual({ claimed: 1, reconciled: 1, failed: 0, givenUp: 0 });
    expect(vendor.statusRequests.map((request) => request.persistentId)).toEqual([stale.id]);
    expect(await taskRow(stale.id)).toMatchObject({ state: "succeeded", next_check_at: null, sources: ["callback", "reconcile"] });
    expect(await taskRow(fresh.id)).toMatchObject({ state: "processing", sources: ["callback"] });
  });

  it("backs off a task the vendor keeps reporting as running", async () => {
    const task = taskDocument(1, 1);
    await recordAt(task, "lookup", 11);
    vendor.setTask(task);

    const before = Date.now();
    await domain.runReconcileRound(settings);
    const row = await taskRow(task.id);
    expect(row?.check_attempts).toBe(1);
    const delay = (row?.next_check_at?.getTime() ?? 0) - before;
    expect(delay).toBeGreaterThan(19 * MINUTE);
    expect(delay).toBeLessThan(21 * MINUTE);
    expect(await domain.runReconcileRound(settings)).toMatchObject({ claimed: 0 });
  });

  it("postpones a task whose lookup fails, with backoff", async () => {
    const task = taskDocument(1, 1);
    await recordAt(task, "lookup", 11);
    vendor.setStatusBehavior({ kind: "error-document", code: 404, message: "persistentId not found" });
    try {
      expect(await domain.runReconcileRound(settings)).toMatchObject({ claimed: 1, failed: 1 });
    } finally {
      vendor.setStatusBehavior({ kind: "normal" });
    }
    const row = await taskRow(task.id);
    expect(row?.check_attempts).toBe(1);
    expect((row?.next_check_at?.getTime() ?? 0) - Date.now()).toBeGreaterThan(19 * MINUTE);
    // The failed attempt is history: kept, shown as the last lookup, and counted.
    const lookups = await lookupsOf(task.id);
    expect(lookups.map((lookup) => [lookup.trigger, lookup.outcome])).toEqual([["automatic", "refused"]]);
    expect(lookups[0]?.message).toMatch(/persistentId not found/);
    expect(await failingOf(task.id)).toMatchObject({ last_lookup_outcome: "refused", lookup_failures: 1, failing: true });
  });

  it("records each automatic lookup, ends a run of failures on success, and counts only news as progress", async () => {
    const task = taskDocument(1, 1);
    await recordAt(task, "callback", 90);
    vendor.setTask(task);
    vendor.setStatusBehavior({ kind: "server-error", status: 503 });
    try {
      await domain.runReconcileRound(settings);
      await queryDatabase(db.url, "UPDATE tasks SET next_check_at = now() - interval '1 minute' WHERE persistent_id = $1", [task.id]);
      await domain.runReconcileRound(settings);
    } finally {
      vendor.setStatusBehavior({ kind: "normal" });
    }
    expect(await failingOf(task.id)).toMatchObject({ lookup_failures: 2, failing: true });

    await queryDatabase(db.url, "UPDATE tasks SET next_check_at = now() - interval '1 minute' WHERE persistent_id = $1", [task.id]);
    await domain.runReconcileRound(settings);
    expect((await lookupsOf(task.id)).map((lookup) => lookup.outcome)).toEqual(["ok", "refused", "refused"]);
    // Still processing, as 90 minutes ago: the answer was a lookup, not news.
    expect(await failingOf(task.id)).toMatchObject({ last_lookup_outcome: "ok", lookup_failures: 0, failing: false, stalled_minutes: 90 });
  });

  it("stops chasing a task older than the maximum age", async () => {
    const task = taskDocument(1, 1);
    await recordAt(task, "lookup", 8 * 24 * 60);
    vendor.setTask(task);
    expect(await domain.runReconcileRound(settings)).toEqual({ claimed: 1, reconciled: 0, failed: 0, givenUp: 1 });
    expect(vendor.statusRequests).toHaveLength(0);
    expect(await taskRow(task.id)).toMatchObject({ next_check_at: null });
  });

  it("marks a task the vendor says it notified when no callback arrived, and clears the mark when one does", async () => {
    const lost = taskDocument(1, 1);
    const heard = taskDocument(1, 1);
    await recordAt(lost, "lookup", 11);
    await recordAt(heard, "callback", 11);
    for (const task of [lost, heard]) vendor.setTask({ ...task, code: 6, items: [{ cmd: "bucket/YQ==/key/Yg==", code: 6 }] });

    await domain.runReconcileRound(settings);

    expect(await taskRow(lost.id)).toMatchObject({ state: "succeeded" });
    expect((await taskRow(lost.id))?.callback_missing_at).toBeInstanceOf(Date);
    expect(await taskRow(heard.id)).toMatchObject({ state: "succeeded", callback_missing_at: null });
    await recordAt({ ...lost, code: 3, items: [{ cmd: "bucket/YQ==/key/Yg==", code: 6 }] }, "callback", 0);
    expect(await taskRow(lost.id)).toMatchObject({ callback_missing_at: null });
  });

  it("never polls a task twice when two reconcilers run at once", async () => {
    const tasks = Array.from({ length: 40 }, () => taskDocument(1, 1));
    for (const task of tasks) {
      await recordAt(task, "lookup", 11);
      vendor.setTask(task);
    }
    vendor.setStatusBehavior({ kind: "delay", ms: 50 });
    try {
      const reports = await Promise.all([domain.runReconcileRound({ ...settings, batch: 25 }), domain.runReconcileRound({ ...settings, batch: 25 })]);
      expect(reports.reduce((sum, report) => sum + report.claimed, 0)).toBe(40);
    } finally {
      vendor.setStatusBehavior({ kind: "normal" });
    }
    const polled = vendor.statusRequests.map((request) => request.persistentId);
    expect(polled).toHaveLength(40);
    expect(new Set(polled).size).toBe(40);
  });
});
