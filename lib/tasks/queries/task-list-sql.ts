// The task list's SQL, apart from its execution so that the benchmark can EXPLAIN
// exactly what the app runs.
import { Prisma } from "@/lib/generated/prisma/client";
import type { TaskListQuery } from "./task-list-query";

// LIKE treats "_" and "%" as wildcards, and persistentIds are full of "_".
export function likePrefix(text: string): string {
  return `${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

function conditions(query: TaskListQuery): Prisma.Sql[] {
  const where: Prisma.Sql[] = [];
  // Compared as the enum, so the (state, activity) index can serve it.
  if (query.states.length > 0) where.push(Prisma.sql`t.state = ANY(${query.states}::"TaskState"[])`);
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

// One page of the list plus one row, which tells whether there is a next page.
export function taskListSql(query: TaskListQuery): Prisma.Sql {
  const where = conditions(query);
  return Prisma.sql`
    SELECT t.id, t.persistent_id, t.state, t.callback_code, t.lookup_code, t."desc", t.separate, t.ops, t.item_count,
           t.failed_count, t.first_seen_at, t.updated_at, t.last_activity_at, t.last_callback_at, t.last_checked_at, t.callback_missing_at
    FROM ${matchSource(query.q)}
    ${where.length ? Prisma.sql`WHERE ${Prisma.join(where, " AND ")}` : Prisma.empty}
    ORDER BY t.last_activity_at DESC, t.id DESC
    LIMIT ${query.limit + 1}`;
}
