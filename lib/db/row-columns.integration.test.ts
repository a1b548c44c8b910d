// The hand-written snake_case row types of the raw-SQL paths, held against the statements
// that fill them on the real, migrated schema. A renamed or dropped column fails here at
// once (the statement errors, or answers with other names) instead of as undefined
// fields at run time. Each statement runs inside a transaction that is rolled back.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/scripts/test-support/test-database";
import { migrateDatabase } from "@/lib/db/migrate";
import type { Prisma } from "@/lib/generated/prisma/client";
import { CLAIMED_COLUMNS, claimDueTasksSql } from "@/lib/jobs/reconciler";
import { claimDueAlertsSql, DUE_ALERT_COLUMNS } from "@/lib/jobs/alert-dispatcher";
import { appendEventSql } from "@/lib/tasks/ingest/append-event";
import { claimPendingTasksSql, isFirstEventSql, lockedTaskViewSql, storedItemsSql, STORED_ITEM_ROW_COLUMNS, TASK_VIEW_ROW_COLUMNS } from "@/lib/tasks/projection/task-rows";
import type { AppendedEvent, Snapshot } from "@/lib/tasks/ingest/append-event";
import { DETAIL_TASK_ROW_COLUMNS, detailTaskSql, LOOKUP_ROW_COLUMNS, newestLookupsSql } from "@/lib/tasks/queries/get-task-detail";
import { LIST_ROW_COLUMNS } from "@/lib/tasks/queries/list-tasks";
import { ATTENTION_ROW_COLUMNS, attentionByStateSql, CALLBACK_MISSING_SQL, LOOKUP_FAILING_SQL, stuckSql } from "@/lib/tasks/queries/overview";
import { ITEM_PAGE_ROW_COLUMNS, itemPageSql, parseItemQuery } from "@/lib/tasks/queries/task-items";
import { taskListSql } from "@/lib/tasks/queries/task-list-sql";
import { parseTaskListQuery } from "@/lib/tasks/queries/task-list-query";

let db: TestDatabase;
let client: pg.Client;

beforeAll(async () => {
  db = await createTestDatabase("rows");
  await migrateDatabase({ kind: "postgres", url: db.url });
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
});

afterAll(async () => {
  await client?.end();
  await db?.drop();
});

async function answeredColumns(sql: Prisma.Sql): Promise<string[]> {
  await client.query("BEGIN");
  try {
    const result = await client.query({ text: sql.text, values: sql.values });
    return result.fields.map((field) => field.name).sort();
  } finally {
    await client.query("ROLLBACK");
  }
}

const names = (columns: Record<string, true>) => Object.keys(columns).sort();
const now = new Date("2026-11-29T00:00:00Z");
const SNAPSHOT: Snapshot = { document: { id: "row-check", code: 3, desc: null, separate: false, items: [] }, source: "callback", raw: "e30=", json: "{}" };
const APPENDED_COLUMNS = { eventId: true, isDuplicate: true } as const satisfies Record<keyof AppendedEvent, true>;
const round = { batch: 5, staleAfterMs: 1, maxBackoffMs: 1, maxAgeMs: 1, leaseMs: 1 };

describe("hand-written row types match the schema", () => {
  it.each([
    ["appended event", () => appendEventSql(SNAPSHOT, "row-check", now, false), APPENDED_COLUMNS],
    ["task view (projector claim)", () => claimPendingTasksSql(), TASK_VIEW_ROW_COLUMNS],
    ["task view (one task)", () => lockedTaskViewSql({ id: 1n }), TASK_VIEW_ROW_COLUMNS],
    ["task view (one task, by persistentId)", () => lockedTaskViewSql({ persistentId: "row-check" }), TASK_VIEW_ROW_COLUMNS],
    ["stored item (projector)", () => storedItemsSql([1n]), STORED_ITEM_ROW_COLUMNS],
    ["first event (a lookup's import)", () => isFirstEventSql("row-check", 1n), { isFirst: true }],
    ["task list row", () => taskListSql(parseTaskListQuery(new URLSearchParams("state=failed&q=abc"))), LIST_ROW_COLUMNS],
    ["task list row, walking search", () => taskListSql(parseTaskListQuery(new URLSearchParams("q=abc")), "walk"), LIST_ROW_COLUMNS],
    ["attention row, by state", () => attentionByStateSql("failed"), ATTENTION_ROW_COLUMNS],
    ["attention row, stuck", () => stuckSql("processing", now), ATTENTION_ROW_COLUMNS],
    ["attention row, callback missing", () => CALLBACK_MISSING_SQL, ATTENTION_ROW_COLUMNS],
    ["attention row, lookups failing", () => LOOKUP_FAILING_SQL, ATTENTION_ROW_COLUMNS],
    ["item page row", () => itemPageSql(1n, parseItemQuery(new URLSearchParams("items=failed&itemsQ=a&code=2&op=fetch"))), ITEM_PAGE_ROW_COLUMNS],
    ["task detail", () => detailTaskSql("row-check"), DETAIL_TASK_ROW_COLUMNS],
    ["task detail, newest lookups", () => newestLookupsSql("row-check"), LOOKUP_ROW_COLUMNS],
    ["reconciler claim", () => claimDueTasksSql(round, now), CLAIMED_COLUMNS],
    ["alert claim", () => claimDueAlertsSql(now), DUE_ALERT_COLUMNS],
  ] as const)("%s", async (_name, statement, columns) => {
    expect(await answeredColumns(statement())).toEqual(names(columns));
  });

  it("notices a renamed column", async () => {
    await client.query("BEGIN");
    try {
      await client.query("ALTER TABLE tasks RENAME COLUMN check_attempts TO attempts_made");
      const statement = lockedTaskViewSql({ id: 1n });
      await expect(client.query({ text: statement.text, values: statement.values })).rejects.toThrow(/check_attempts/);
    } finally {
      await client.query("ROLLBACK");
    }
  });
});
