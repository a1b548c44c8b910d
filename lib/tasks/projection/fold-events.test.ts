import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { TaskDocument } from "@/lib/fmgr/task-document";
import { itemStateOf, type StoredItem } from "@/lib/tasks/ingest/merge-items";
import { deriveTaskState } from "@/lib/tasks/task-state";
import { applyEvent, emptyView, startProjection, type ItemWrite, type ProjectionEvent, type TaskView } from "./fold-events";

const SETTINGS = { staleAfterMs: 60_000, maxBackoffMs: 3_600_000, maxAgeMs: 7 * 86_400_000, alertsEnabled: true };
const FIRST_SEEN = new Date("2026-11-01T00:00:00Z");
// A few cmds, so events keep meeting the same items; the same cmd twice in one document
// is two items (occurrences).
const CMDS = ["fetch/YQ==/key/YQ==", "fetch/YQ==/key/Yg==", "copy/YQ==/key/Yw==", "fetch/YQ==/key/YQ=="];
const ITEM_CODES = [null, 0, 1, 2, 3, 4, 5, 6, 18, 19, 99];
const TASK_CODES = [null, 0, 1, 2, 3, 4, 5, 6];

const documentArb: fc.Arbitrary<TaskDocument> = fc.record({
  id: fc.constant("ff80808100000001"),
  code: fc.constantFrom(...TASK_CODES),
  desc: fc.option(fc.constantFrom("processing", "completed", "failed"), { nil: null }),
  separate: fc.boolean(),
  items: fc.array(
    fc.record({
      cmd: fc.constantFrom(...CMDS),
      code: fc.constantFrom(...ITEM_CODES),
      desc: fc.constant(null),
      error: fc.option(fc.constantFrom("404", "timeout"), { nil: null }),
      hash: fc.constant(null),
      fsize: fc.option(fc.constantFrom("1", "1048576"), { nil: null }),
      key: fc.constant(null),
      url: fc.constant(null),
      decompresslist: fc.constant(null),
    }),
    { maxLength: 4 },
  ),
});

// Events in any order of arrival time: a lookup answered after a later callback, say.
const eventArb: fc.Arbitrary<ProjectionEvent> = fc.record({
  source: fc.constantFrom("callback", "lookup", "reconcile"),
  document: documentArb,
  receivedAt: fc.integer({ min: 1, max: 10 * 86_400 }).map((seconds) => new Date(FIRST_SEEN.getTime() + seconds * 1000)),
});

type Stored = { view: TaskView; rows: Map<string, ItemWrite> };

const identity = (row: { cmdDigest: string; occurrence: number }) => `${row.cmdDigest}:${row.occurrence}`;
const storedItems = (rows: Map<string, ItemWrite>): StoredItem[] =>
  [...rows.values()].map((row) => ({ cmdDigest: row.cmdDigest, occurrence: row.occurrence, code: row.code, op: row.op, index: row.index }));

// What the projector does per batch: start from what is stored (the task's row and its
// item rows, nothing held in memory between batches), apply, store the result.
function applyBatch(stored: Stored, batch: readonly ProjectionEvent[]): Stored {
  const projection = startProjection(stored.view, itemStateOf(storedItems(stored.rows)));
  for (const event of batch) applyEvent(projection, event, SETTINGS);
  const rows = new Map(stored.rows);
  for (const row of projection.writes.values()) rows.set(identity(row), row);
  return { view: projection.view, rows };
}

function inBatches(events: readonly ProjectionEvent[], cuts: readonly number[]): ProjectionEvent[][] {
  const points = [...new Set(cuts.map((cut) => cut % (events.length + 1)))].sort((a, b) => a - b);
  const batches: ProjectionEvent[][] = [];
  let start = 0;
  for (const point of [...points, events.length]) {
    batches.push(events.slice(start, point));
    start = point;
  }
  return batches;
}

const empty = (): Stored => ({ view: emptyView(FIRST_SEEN), rows: new Map() });

describe("applying events", () => {
  it("gives the same task in any number of batches as all at once (duplicates and lookups interleaved)", () => {
    fc.assert(
      fc.property(
        fc.array(eventArb, { maxLength: 25 }).chain((events) =>
          // A redelivered body is stored once, so duplicates arrive as events of their own
          // only when the same document comes back as a lookup: repeat some as lookups.
          fc.tuple(fc.constant(events), fc.array(fc.nat(), { maxLength: 8 }), fc.array(fc.nat({ max: Math.max(0, events.length - 1) }), { maxLength: 5 })),
        ),
        ([events, cuts, repeats]) => {
          const stream = [...events];
          for (const index of repeats) {
            const event = events[index];
            if (event) stream.splice(index, 0, { ...event, source: "lookup" });
          }
          const whole = applyBatch(empty(), stream);
          const incremental = inBatches(stream, cuts).reduce(applyBatch, empty());
          expect(incremental.view).toEqual(whole.view);
          expect(incremental.rows).toEqual(whole.rows);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("keeps counts and state equal to a recount of the items", () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 25 }), (events) => {
        const { view, rows } = applyBatch(empty(), events);
        const codes = [...rows.values()].map((row) => row.code);
        const recount = { ...itemStateOf(storedItems(rows)).counts };
        expect({ pending: view.pendingCount, processing: view.processingCount, succeeded: view.succeededCount, failed: view.failedCount, unknown: view.unknownCount }).toEqual(recount);
        expect(view.itemCount).toBe(rows.size);
        expect(view.state).toBe(deriveTaskState({ itemCodes: codes, lookupCode: view.lookupCode, callbackCode: view.callbackCode }));
      }),
      { numRuns: 300 },
    );
  });

  it("moves an item's code only forward", () => {
    const item = { cmd: CMDS[0]!, desc: null, error: null, hash: null, fsize: null, key: null, url: null, decompresslist: null };
    const at = (seconds: number) => new Date(FIRST_SEEN.getTime() + seconds * 1000);
    const document = (code: number): TaskDocument => ({ id: "t", code: 3, desc: null, separate: false, items: [{ ...item, code }] });
    const { view, rows } = applyBatch(empty(), [
      { source: "callback", document: document(6), receivedAt: at(1) },
      { source: "lookup", document: document(1), receivedAt: at(2) },
    ]);
    expect([...rows.values()].map((row) => row.code)).toEqual([6]);
    expect(view.state).toBe("succeeded");
    // The stale lookup is still news of a kind: it was checked, not progressed.
    expect(view.lastCheckedAt).toEqual(at(2));
    expect(view.progressAt).toEqual(at(1));
  });
});
