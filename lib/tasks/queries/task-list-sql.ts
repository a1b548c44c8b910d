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
  // Failed and not yet retried: a failed item (the triage index) that no retry holds.
  if (query.notRetried) {
    where.push(Prisma.sql`t.failed_count > 0 AND EXISTS (SELECT 1 FROM task_items i WHERE i.task_id = t.id AND ${retryableItem(Prisma.sql`t.id`)})`);
  }
  return where;
}

// Item i of task `taskId` failed, and no retry submission holds it (in flight, taken,
// or of unknown outcome): what a retry would send. One definition for the list's filter,
// the retry itself and the bulk dry run.
export function retryableItem(taskId: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`i.outcome = 0
    AND NOT EXISTS (SELECT 1 FROM retry_submissions s WHERE s.source_task_id = ${taskId} AND s.active_key IS NOT NULL AND i.id = ANY(s.item_ids))`;
}

export function likeSubstring(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

// Trigrams need three characters; a shorter search is a prefix search only.
export const SUBSTRING_MIN = 3;

// How a search for q finds its tasks. "gather": every task holding a matching item is
// collected through the indexes, then sorted by activity; right for a rare text. "walk":
// the list walks down the activity index and checks each task's few items, stopping at a
// page; right for a text so common ("404 Not Found") that gathering would collect
// hundreds of thousands of tasks to show fifty. "prefix": q is too short for trigrams.
export type SearchPlan = "prefix" | "gather" | "walk";

// More matching items than this and the search walks instead of gathering.
export const GATHER_CAP = 5_000;

export function defaultSearchPlan(q: string | undefined): SearchPlan {
  return q && q.length >= SUBSTRING_MIN ? "gather" : "prefix";
}

// Counts matching items up to GATHER_CAP + 1: enough to choose the plan, never more.
export function substringMatchesSql(q: string): Prisma.Sql {
  const substring = likeSubstring(q);
  return Prisma.sql`
    SELECT count(*)::int AS n FROM (
      SELECT 1 FROM task_items WHERE key ILIKE ${substring} OR error ILIKE ${substring} LIMIT ${GATHER_CAP + 1}
    ) AS matching`;
}

// Search narrows to the tasks whose persistentId starts with q, or that hold an item
// whose key starts with q (range scans on the pattern indexes), or whose key or error
// contains it anywhere, any case (the trigram indexes). Without q the list is a walk
// down the activity index.
function matchSource(q: string | undefined, plan: SearchPlan): Prisma.Sql {
  if (!q || plan === "walk") return Prisma.sql`tasks t`;
  const prefix = likePrefix(q);
  const substring = plan === "gather"
    ? Prisma.sql`UNION SELECT task_id FROM task_items WHERE key ILIKE ${likeSubstring(q)} OR error ILIKE ${likeSubstring(q)}`
    : Prisma.empty;
  return Prisma.sql`tasks t JOIN (
      SELECT id FROM tasks WHERE persistent_id LIKE ${prefix}
      UNION
      SELECT task_id FROM task_items WHERE key LIKE ${prefix}
      ${substring}
    ) matched ON matched.id = t.id`;
}

// The walk's test of one task: its id, or one of its items (found by task), matches.
function walkCondition(q: string): Prisma.Sql {
  const substring = likeSubstring(q);
  return Prisma.sql`(t.persistent_id LIKE ${likePrefix(q)} OR EXISTS (
    SELECT 1 FROM task_items i WHERE i.task_id = t.id AND (i.key ILIKE ${substring} OR i.error ILIKE ${substring})))`;
}

// One page of the list plus one row, which tells whether there is a next page. Each row
// of the page then gets its first item's bucket and its first failure (two short walks
// down item indexes, for the page's rows only).
export function taskListSql(query: TaskListQuery, plan: SearchPlan = defaultSearchPlan(query.q)): Prisma.Sql {
  const where = conditions(query);
  if (query.q && plan === "walk") where.push(walkCondition(query.q));
  return Prisma.sql`
    SELECT page.*, first_item.bucket, first_failure.key AS failed_key, first_failure.error AS failed_error
    FROM (
      SELECT t.id, t.persistent_id, t.state, t.callback_code, t.lookup_code, t."desc", t.separate, t.ops, t.item_count,
             t.failed_count, t.first_seen_at, t.updated_at, t.last_activity_at, t.last_callback_at, t.last_checked_at, t.callback_missing_at
      FROM ${matchSource(query.q, plan)}
      ${where.length ? Prisma.sql`WHERE ${Prisma.join(where, " AND ")}` : Prisma.empty}
      ORDER BY t.last_activity_at DESC, t.id DESC
      LIMIT ${query.limit + 1}
    ) page
    LEFT JOIN LATERAL (SELECT bucket FROM task_items WHERE task_id = page.id ORDER BY index, id LIMIT 1) first_item ON true
    LEFT JOIN LATERAL (
      SELECT key, left(error, 300) AS error FROM task_items WHERE task_id = page.id AND outcome = 0 ORDER BY outcome, index, id LIMIT 1
    ) first_failure ON page.failed_count > 0
    ORDER BY page.last_activity_at DESC, page.id DESC`;
}
