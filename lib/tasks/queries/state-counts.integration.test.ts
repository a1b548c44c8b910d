// The trigger-kept counters against the real Postgres: whatever writes tasks, by
// whatever path and however many at once, the counts equal a GROUP BY over tasks.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, queryDatabase, type TestDatabase } from "@/scripts/test-support/test-database";
import { migrateDatabase } from "@/lib/db/migrate";
import { TASK_STATES } from "@/lib/tasks/task-state";

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase("counts");
  await migrateDatabase({ kind: "postgres", url: db.url });
  Object.assign(process.env, { DATABASE_URL: db.url, LOG_LEVEL: "silent" });
});

afterAll(async () => {
  const { getDb } = await import("@/lib/db/client");
  await getDb().$disconnect();
  await db?.drop();
});

async function countedByGroupBy(): Promise<Record<string, number>> {
  const rows = await queryDatabase<{ state: string; count: string }>(db.url, "SELECT state, count(*) AS count FROM tasks GROUP BY state");
  const counts = Object.fromEntries(TASK_STATES.map((state) => [state, 0]));
  for (const row of rows) counts[row.state] = Number(row.count);
  return counts;
}

describe("task state counters", () => {
  it("follow inserts, upserts, state changes, deletes and truncation", async () => {
    const { countTasksByState } = await import("./state-counts");
    const stateArb = fc.constantFrom(...TASK_STATES);
    const step = fc.oneof(
      fc.record({ kind: fc.constant("insert" as const), count: fc.integer({ min: 1, max: 40 }), state: stateArb }),
      fc.record({ kind: fc.constant("move" as const), from: stateArb, to: stateArb, limit: fc.integer({ min: 1, max: 30 }) }),
      fc.record({ kind: fc.constant("upsert" as const), id: fc.integer({ min: 0, max: 60 }), state: stateArb }),
      fc.record({ kind: fc.constant("delete" as const), state: stateArb, limit: fc.integer({ min: 1, max: 10 }) }),
      fc.constant({ kind: "truncate" as const }),
    );
    let serial = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
        for (const action of steps) {
          serial += 1;
          if (action.kind === "insert") {
            await queryDatabase(db.url, `INSERT INTO tasks (persistent_id, state) SELECT 'bulk_${serial}_' || n, '${action.state}' FROM generate_series(1, ${action.count}) AS n`);
          } else if (action.kind === "move") {
            await queryDatabase(db.url, `UPDATE tasks SET state = '${action.to}' WHERE id IN (SELECT id FROM tasks WHERE state = '${action.from}' LIMIT ${action.limit})`);
          } else if (action.kind === "upsert") {
            await queryDatabase(db.url, `INSERT INTO tasks (persistent_id, state) VALUES ('upsert_${action.id}', '${action.state}') ON CONFLICT (persistent_id) DO UPDATE SET state = EXCLUDED.state`);
          } else if (action.kind === "delete") {
            await queryDatabase(db.url, `DELETE FROM tasks WHERE id IN (SELECT id FROM tasks WHERE state = '${action.state}' LIMIT ${action.limit})`);
          } else {
            await queryDatabase(db.url, "TRUNCATE tasks CASCADE");
          }
        }
        expect(await countTasksByState()).toEqual(await countedByGroupBy());
      }),
      { numRuns: 25 },
    );
  });

  it("stay exact under concurrent ingests of new tasks", async () => {
    const { countTasksByState } = await import("./state-counts");
    const { ingestSnapshot } = await import("@/lib/tasks/ingest/ingest-snapshot");
    const { parseTaskDocument } = await import("@/lib/fmgr/task-document");
    await queryDatabase(db.url, "TRUNCATE tasks CASCADE");
    await Promise.all(
      Array.from({ length: 60 }, async (_, n) => {
        const json = JSON.stringify({ id: `concurrent_${n}`, code: 3, separate: 0, items: [{ cmd: "bucket/YQ==/key/Yg==", code: n % 2 === 0 ? 6 : 20, key: "b" }] });
        const parsed = parseTaskDocument(json);
        if (!parsed.ok) throw new Error(parsed.message);
        await ingestSnapshot({ document: parsed.document, source: "callback", raw: json, json });
      }),
    );
    const counts = await countTasksByState();
    expect(counts).toEqual(await countedByGroupBy());
    expect(counts.succeeded + counts.failed).toBe(60);
  });
});
