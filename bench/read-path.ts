// The read path at a million tasks: each list, search, count and detail request timed
// over authenticated HTTP against the production build, held against an empty
// signed-in route in the same build, requested in turn with it (target: at most 2 ms
// more at p50), beside its SQL under EXPLAIN ANALYZE, with the plan checked for
// sequential scans of the large tables.
import pg from "pg";
import type { AppServer } from "../scripts/test-support/app-server";
import { type Prisma } from "../lib/generated/prisma/client";
import { encodeCursor, parseTaskListQuery } from "../lib/tasks/queries/task-list-query";
import { STATE_COUNTS_SQL } from "../lib/tasks/queries/state-counts-sql";
import { substringMatchesSql, taskListSql, type SearchPlan } from "../lib/tasks/queries/task-list-sql";
import { itemPageSql, parseItemQuery } from "../lib/tasks/queries/task-items";
import { DETAIL_TASK, HUGE_TASK } from "./seed-read-path";
import { ms, summarize } from "./stats";

const LARGE_TABLES = new Set(["tasks", "task_items", "task_events"]);
const HTTP_SAMPLES = 200;
const SQL_SAMPLES = 50;

type Sql = { text: string; values: unknown[] };
type ReadCase = { name: string; path: string; sql: Sql[] };
export type ReadResult = { name: string; path: string; httpP50: number; httpP95: number; floorP50: number; sqlMs: number; ratio: number | null; seqScans: string[]; plan: string; bytes: number };

// Prisma.sql carries the Postgres form of its text ($1, $2, …) beside the values.
function statementOf(sql: Prisma.Sql): Sql {
  return { text: (sql as Prisma.Sql & { text: string }).text, values: sql.values };
}

// The statements the app runs for a list: a substring search counts its matches first to
// choose its plan (list-tasks.ts); `plan` says which one this search takes.
function listCase(name: string, search: string, plan?: SearchPlan): ReadCase {
  const query = parseTaskListQuery(new URLSearchParams(search));
  const count = query.q && plan ? [statementOf(substringMatchesSql(query.q))] : [];
  return { name, path: `/api/tasks?${search}`, sql: [...count, statementOf(taskListSql(query, plan))] };
}

function pgValue(value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}

type PlanNode = { "Node Type": string; "Relation Name"?: string; "Index Name"?: string; Plans?: PlanNode[] };

function walk(node: PlanNode, visit: (node: PlanNode) => void): void {
  visit(node);
  for (const child of node.Plans ?? []) walk(child, visit);
}

// Median planning + execution time of each statement (summed when a request runs several),
// the sequential scans of large tables, and the access paths used.
async function explain(client: pg.Client, statements: Sql[]): Promise<{ sqlMs: number; seqScans: string[]; plan: string }> {
  const totals: number[] = [];
  const seqScans = new Set<string>();
  const accessPaths = new Set<string>();
  for (let sample = 0; sample < SQL_SAMPLES; sample++) {
    let total = 0;
    for (const statement of statements) {
      const { rows } = await client.query<{ "QUERY PLAN": [{ Plan: PlanNode; "Planning Time": number; "Execution Time": number }] }>(
        `EXPLAIN (ANALYZE, FORMAT JSON) ${statement.text}`,
        statement.values.map(pgValue),
      );
      const [result] = rows[0]?.["QUERY PLAN"] ?? [];
      if (!result) throw new Error("EXPLAIN returned nothing");
      total += result["Planning Time"] + result["Execution Time"];
      if (sample === 0) {
        walk(result.Plan, (node) => {
          if (node["Node Type"] === "Seq Scan" && LARGE_TABLES.has(node["Relation Name"] ?? "")) seqScans.add(node["Relation Name"] ?? "");
          if (node["Index Name"]) accessPaths.add(`${node["Node Type"]} ${node["Index Name"]}`);
          else if (node["Relation Name"]) accessPaths.add(`${node["Node Type"]} ${node["Relation Name"]}`);
        });
      }
    }
    totals.push(total);
  }
  return { sqlMs: summarize(totals).p50, seqScans: [...seqScans], plan: [...accessPaths].join("; ") };
}

type HttpTiming = { p50: number; p95: number; bytes: number };

// Each path in turn, one request at a time, interleaved (a, b, a, b, …) so that paths
// measured together share the machine's moment: on this shared machine the same route's
// p50 moves by 2 ms between minutes, as much as the margin it is held to.
async function timeHttp(app: AppServer, paths: string[]): Promise<HttpTiming[]> {
  const cookie = await app.sessionCookie();
  const bytes = paths.map(() => 0);
  const once = async (index: number) => {
    const path = paths[index]!;
    const started = performance.now();
    const response = await fetch(`${app.url}${path}`, { headers: { cookie } });
    bytes[index] = (await response.arrayBuffer()).byteLength;
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
    return performance.now() - started;
  };
  for (let warm = 0; warm < 20; warm++) for (let index = 0; index < paths.length; index++) await once(index);
  const samples: number[][] = paths.map(() => []);
  for (let n = 0; n < HTTP_SAMPLES; n++) for (let index = 0; index < paths.length; index++) samples[index]!.push(await once(index));
  return samples.map((times, index) => ({ ...summarize(times), bytes: bytes[index]! }));
}

async function hugeItemId(client: pg.Client, taskId: bigint, index: number): Promise<string> {
  const { rows: [row] } = await client.query<{ id: string }>("SELECT id FROM task_items WHERE task_id = $1 AND index = $2", [taskId.toString(), index]);
  return row!.id;
}

async function buildCases(client: pg.Client): Promise<ReadCase[]> {
  // Page 500 of the unfiltered list at 50 a page starts after the 24,950th task.
  const { rows: [row500] } = await client.query<{ last_activity_at: Date; id: string }>(
    "SELECT last_activity_at, id FROM tasks ORDER BY last_activity_at DESC, id DESC OFFSET 24949 LIMIT 1",
  );
  if (!row500) throw new Error("page 500 of the list needs at least 25,000 tasks: raise --tasks");
  const cursor = encodeCursor({ lastActivityAt: row500.last_activity_at, id: BigInt(row500.id) });
  const { rows: [middle] } = await client.query<{ persistent_id: string; id: string }>(
    "SELECT persistent_id, id FROM tasks WHERE persistent_id LIKE 'ff808081%' ORDER BY id OFFSET (SELECT count(*) / 2 FROM tasks) LIMIT 1",
  );
  const exactId = middle!.persistent_id;
  const { rows: [detail] } = await client.query<{ id: string }>("SELECT id FROM tasks WHERE persistent_id = $1", [DETAIL_TASK]);
  const detailId = detail!.id;
  const { rows: [huge] } = await client.query<{ id: string }>("SELECT id FROM tasks WHERE persistent_id = $1", [HUGE_TASK]);
  const hugeId = BigInt(huge!.id);
  const itemCase = (name: string, search: string): ReadCase => ({
    name,
    path: `/api/tasks/${HUGE_TASK}${search ? `?${search}` : ""}`,
    sql: [
      { text: "SELECT * FROM tasks WHERE persistent_id = $1 LIMIT 1", values: [HUGE_TASK] },
      statementOf(itemPageSql(hugeId, parseItemQuery(new URLSearchParams(search)))),
      { text: "SELECT id, left(raw, 16384) FROM task_events WHERE task_id = $1 ORDER BY received_at DESC, id DESC LIMIT 20", values: [huge!.id] },
    ],
  });
  return [
    listCase("first page", "limit=50"),
    listCase("state filter (failed)", "state=failed&limit=50"),
    listCase("operation + time range", "op=compress&since=2026-03-01T00:00:00Z&until=2026-04-01T00:00:00Z&limit=50"),
    listCase("page 500 by cursor", `limit=50&cursor=${cursor}`),
    listCase("exact persistentId", `q=${exactId}&limit=50`, "gather"),
    listCase("persistentId prefix", `q=${exactId.slice(0, -2)}&limit=50`, "gather"),
    listCase("item key prefix", `q=videos/${middle!.id}/&limit=50`, "gather"),
    listCase("item key substring (trigram)", `q=${encodeURIComponent(`${middle!.id}/clip_1`)}&limit=50`, "gather"),
    listCase("error text, one task's (trigram)", `q=${encodeURIComponent(`object/${middle!.id}`)}&limit=50`, "gather"),
    listCase("error text, 125,000 tasks' (walk)", `q=${encodeURIComponent("404 Not Found")}&limit=50`, "walk"),
    {
      name: "state counts",
      path: "/api/task-counts",
      sql: [statementOf(STATE_COUNTS_SQL)],
    },
    {
      name: "task detail (20 items, 50 events)",
      path: `/api/tasks/${DETAIL_TASK}`,
      sql: [
        { text: "SELECT * FROM tasks WHERE persistent_id = $1 LIMIT 1", values: [DETAIL_TASK] },
        statementOf(itemPageSql(BigInt(detailId), parseItemQuery(new URLSearchParams()))),
        { text: "SELECT id, left(raw, 16384) FROM task_events WHERE task_id = $1 ORDER BY received_at DESC, id DESC LIMIT 20", values: [detailId] },
      ],
    },
    itemCase("100,000-item task: first page, failures first", ""),
    itemCase("100,000-item task: page 100 by cursor", `order=index&itemsCursor=${Buffer.from(`2|4999|${await hugeItemId(client, hugeId, 4999)}`).toString("base64url")}`),
    itemCase("100,000-item task: failed, key substring", "items=failed&itemsQ=banner_0011"),
    // The page a person opens: server render of the first page of items, as HTML.
    { name: "100,000-item task: the page (HTML)", path: `/tasks/${HUGE_TASK}`, sql: [] },
  ];
}

// What every signed-in request pays before its own work: the framework alone, then the
// proxy's session check and headers, then one trivial query through Prisma or raw pg.
// The signed-in empty route is the floor each read path is held against (+2 ms).
// The floor every read path is held against.
const SIGNED_IN_FLOOR = "/api/bench/signed-in";
const FLOORS = [
  { name: "empty route, outside the proxy", path: "/api/bench/empty" },
  { name: "empty signed-in route (the floor)", path: SIGNED_IN_FLOOR },
  { name: "signed-in + SELECT 1 through Prisma", path: "/api/bench/signed-in?db=prisma" },
  { name: "signed-in + SELECT 1 through pg", path: "/api/bench/signed-in?db=pg" },
];
const FLOOR_MARGIN_MS = 2;

async function measureFloor(app: AppServer, log: (line: string) => void): Promise<void> {
  const timings = await timeHttp(app, FLOORS.map((floor) => floor.path));
  FLOORS.forEach((floor, index) => {
    const http = timings[index]!;
    log(`  ${floor.name.padEnd(48)} HTTP p50 ${ms(http.p50).padStart(10)}  p95 ${ms(http.p95).padStart(10)}`);
  });
  const [outside = 0, signedIn = 0, prisma = 0, raw = 0] = timings.map((timing) => timing.p50);
  log(`      the proxy costs ${ms(signedIn - outside)}; one query costs ${ms(prisma - signedIn)} through Prisma, ${ms(raw - signedIn)} through pg`);
}

export async function measureReadPath(app: AppServer, databaseUrl: string, log: (line: string) => void): Promise<ReadResult[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const results: ReadResult[] = [];
  try {
    await measureFloor(app, log);
    for (const readCase of await buildCases(client)) {
      // Each path against the floor measured beside it, request for request.
      const [http, floorHttp] = await timeHttp(app, [readCase.path, SIGNED_IN_FLOOR]);
      if (!http || !floorHttp) throw new Error(`no timing for ${readCase.path}`);
      const floor = floorHttp.p50;
      const sql = readCase.sql.length > 0 ? await explain(client, readCase.sql) : { sqlMs: 0, seqScans: [], plan: "(a page: its SQL is the API case above)" };
      const ratio = sql.sqlMs > 0 ? http.p50 / sql.sqlMs : null;
      const result = { name: readCase.name, path: readCase.path, httpP50: http.p50, httpP95: http.p95, floorP50: floor, sqlMs: sql.sqlMs, ratio, seqScans: sql.seqScans, plan: sql.plan, bytes: http.bytes };
      results.push(result);
      const overFloor = http.p50 - floor;
      log(
        `  ${readCase.name.padEnd(48)} HTTP p50 ${ms(http.p50).padStart(10)}  p95 ${ms(http.p95).padStart(10)}  SQL ${ms(sql.sqlMs).padStart(9)}  ` +
          `floor ${ms(floor)} +${ms(overFloor).padStart(9)} (${overFloor <= FLOOR_MARGIN_MS ? "met" : "MISSED"})  ${(http.bytes / 1024).toFixed(0).padStart(5)} KB  ${sql.seqScans.length ? `SEQ SCAN ${sql.seqScans.join(",")}` : "no seq scan"}`,
      );
      log(`      plan: ${sql.plan}`);
    }
  } finally {
    await client.end();
  }
  return results;
}
