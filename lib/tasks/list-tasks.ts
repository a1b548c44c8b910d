import "server-only";
import { getDb } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { encodeCursor, type TaskListQuery } from "./task-list-query";
import type { TaskStateName } from "./task-state";

export type TaskSummary = {
  persistentId: string;
  state: TaskStateName;
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
};

export type TaskPage = { tasks: TaskSummary[]; nextCursor: string | null };

type Row = {
  id: bigint;
  persistent_id: string;
  state: TaskStateName;
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
};

// LIKE treats "_" and "%" as wildcards, and persistentIds are full of "_".
export function likePrefix(text: string): string {
  return `${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

function conditions(query: TaskListQuery): Prisma.Sql[] {
  const where: Prisma.Sql[] = [];
  if (query.states.length > 0) where.push(Prisma.sql`t.state::text = ANY(${query.states}::text[])`);
  if (query.op) where.push(Prisma.sql`t.ops @> ARRAY[${query.op}]::text[]`);
  if (query.since) where.push(Prisma.sql`t.last_activity_at >= ${query.since}::timestamptz`);
  if (query.until) where.push(Prisma.sql`t.last_activity_at < ${query.until}::timestamptz`);
  if (query.cursor) {
    where.push(Prisma.sql`(t.last_activity_at, t.id) < (${query.cursor.lastActivityAt}::timestamptz, ${query.cursor.id}::bigint)`);
  }
  return where;
}

// Search narrows to the tasks whose persistentId starts with q, or that hold an item
// whose key does: each side is a range scan on its pattern index. Without q the list is
// a walk down the activity index.
function matchSource(q: string | undefined): Prisma.Sql {
  if (!q) return Prisma.sql`tasks t`;
  const prefix = likePrefix(q);
  return Prisma.sql`tasks t JOIN (
      SELECT id FROM tasks WHERE persistent_id LIKE ${prefix}
      UNION
      SELECT task_id FROM task_items WHERE key LIKE ${prefix}
    ) matched ON matched.id = t.id`;
}

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
  };
}

// Newest activity first, by keyset: a page is defined by the last row of the one before,
// so tasks that change while someone pages neither repeat nor vanish mid-list.
export async function listTasks(query: TaskListQuery): Promise<TaskPage> {
  const where = conditions(query);
  const rows = await getDb().$queryRaw<Row[]>`
    SELECT t.id, t.persistent_id, t.state, t.callback_code, t.lookup_code, t."desc", t.separate, t.ops, t.item_count,
           t.failed_count, t.first_seen_at, t.updated_at, t.last_activity_at, t.last_callback_at, t.last_checked_at, t.callback_missing_at
    FROM ${matchSource(query.q)}
    ${where.length ? Prisma.sql`WHERE ${Prisma.join(where, " AND ")}` : Prisma.empty}
    ORDER BY t.last_activity_at DESC, t.id DESC
    LIMIT ${query.limit + 1}`;
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    tasks: page.map(toSummary),
    nextCursor: rows.length > query.limit && last ? encodeCursor({ lastActivityAt: last.last_activity_at, id: last.id }) : null,
  };
}
