import "server-only";
import { readRows } from "@/lib/db/read";
import { encodeCursor, type TaskListQuery } from "./task-list-query";
import { defaultSearchPlan, GATHER_CAP, substringMatchesSql, taskListSql, type SearchPlan } from "./task-list-sql";
import type { TaskState } from "@/lib/tasks/task-state";

export type TaskSummary = {
  persistentId: string;
  state: TaskState;
  callbackCode: number | null;
  lookupCode: number | null;
  desc: string | null;
  separate: boolean;
  ops: string[];
  itemCount: number;
  failedCount: number;
  firstSeenAt: string;
  updatedAt: string;
  lastActivityAt: string;
  lastCallbackAt: string | null;
  lastCheckedAt: string | null;
  callbackMissingAt: string | null;
  // The first item's bucket, and the first failed item's key and error (cut at 300).
  bucket: string | null;
  firstFailure: { key: string | null; error: string | null } | null;
};

export type TaskPage = { tasks: TaskSummary[]; nextCursor: string | null };

type Row = {
  id: bigint;
  persistent_id: string;
  state: TaskState;
  callback_code: number | null;
  lookup_code: number | null;
  desc: string | null;
  separate: boolean;
  ops: string[];
  item_count: number;
  failed_count: number;
  first_seen_at: Date;
  updated_at: Date;
  last_activity_at: Date;
  last_callback_at: Date | null;
  last_checked_at: Date | null;
  callback_missing_at: Date | null;
  bucket: string | null;
  failed_key: string | null;
  failed_error: string | null;
};

// The columns of a list row, for the test that holds them against taskListSql's answer.
export const LIST_ROW_COLUMNS = {
  id: true,
  persistent_id: true,
  state: true,
  callback_code: true,
  lookup_code: true,
  desc: true,
  separate: true,
  ops: true,
  item_count: true,
  failed_count: true,
  first_seen_at: true,
  updated_at: true,
  last_activity_at: true,
  last_callback_at: true,
  last_checked_at: true,
  callback_missing_at: true,
  bucket: true,
  failed_key: true,
  failed_error: true,
} as const satisfies Record<keyof Row, true>;

function toSummary(row: Row): TaskSummary {
  const iso = (value: Date | null) => value?.toISOString() ?? null;
  return {
    persistentId: row.persistent_id,
    state: row.state,
    callbackCode: row.callback_code,
    lookupCode: row.lookup_code,
    desc: row.desc,
    separate: row.separate,
    ops: row.ops,
    itemCount: row.item_count,
    failedCount: row.failed_count,
    firstSeenAt: row.first_seen_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    lastActivityAt: row.last_activity_at.toISOString(),
    lastCallbackAt: iso(row.last_callback_at),
    lastCheckedAt: iso(row.last_checked_at),
    callbackMissingAt: iso(row.callback_missing_at),
    bucket: row.bucket,
    firstFailure: row.failed_count > 0 && (row.failed_key !== null || row.failed_error !== null) ? { key: row.failed_key, error: row.failed_error } : null,
  };
}

// A substring search first counts its matching items (up to the cap) to choose how to
// find its tasks: see SearchPlan.
async function searchPlan(q: string | undefined): Promise<SearchPlan> {
  const plan = defaultSearchPlan(q);
  if (plan !== "gather" || !q) return plan;
  const [count] = await readRows<{ n: number }>(substringMatchesSql(q));
  return (count?.n ?? 0) > GATHER_CAP ? "walk" : "gather";
}

// Newest activity first, by keyset: a page is defined by the last row of the one before,
// so tasks that change while someone pages neither repeat nor vanish mid-list.
export async function listTasks(query: TaskListQuery): Promise<TaskPage> {
  const rows = await readRows<Row>(taskListSql(query, await searchPlan(query.q)));
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    tasks: page.map(toSummary),
    nextCursor: rows.length > query.limit && last ? encodeCursor({ lastActivityAt: last.last_activity_at, id: last.id }) : null,
  };
}
