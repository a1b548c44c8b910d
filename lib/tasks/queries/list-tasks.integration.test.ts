// GET /api/tasks over HTTP against the production build (npm run build first), with
// tasks written through ingestSnapshot at known times.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "@/scripts/test-support/app-server";
import { createTestDatabase, type TestDatabase } from "@/scripts/test-support/test-database";
import { encodeUrlSafeBase64 as b64 } from "@/lib/fmgr/base64";
import { parseTaskDocument } from "@/lib/fmgr/task-document";
import { migrateDatabase } from "@/lib/db/migrate";

const BASE = Date.parse("2026-11-01T00:00:00Z");
const MINUTE = 60_000;
let db: TestDatabase;
let app: AppServer;

type Page = { tasks: { persistentId: string; state: string; ops: string[]; lastActivityAt: string }[]; nextCursor: string | null };

async function seed(id: string, minute: number, itemCode: number, cmd: string, key: string) {
  const { ingestSnapshot } = await import("@/lib/tasks/ingest/ingest-snapshot");
  const json = JSON.stringify({ id, code: 3, separate: 0, items: [{ cmd, code: itemCode, key }] });
  const parsed = parseTaskDocument(json);
  if (!parsed.ok) throw new Error(parsed.message);
  await ingestSnapshot({ document: parsed.document, source: "callback", raw: json, json, receivedAt: new Date(BASE + minute * MINUTE) });
}

beforeAll(async () => {
  db = await createTestDatabase("list");
  await migrateDatabase({ kind: "postgres", url: db.url });
  Object.assign(process.env, { DATABASE_URL: db.url, LOG_LEVEL: "silent" });
  const deleteCmd = (key: string) => `bucket/${b64("media")}/key/${b64(key)}`;
  const copyCmd = (key: string) => `resource/${b64(`src:${key}`)}/bucket/${b64("media")}/key/${b64(key)}`;
  for (let n = 0; n < 120; n++) {
    const key = `videos/2026/clip_${n}.mp4`;
    await seed(`task_${String(n).padStart(3, "0")}`, n, n % 3 === 0 ? 20 : 6, n % 2 === 0 ? deleteCmd(key) : copyCmd(key), key);
  }
  await seed("abcdef", 200, 6, deleteCmd("other/file.txt"), "other/file.txt");
  app = await startAppServer({ DATABASE_URL: db.url, LOG_LEVEL: "error", RECONCILER_ENABLED: "false" });
});

afterAll(async () => {
  await app?.stop();
  const { getDb } = await import("@/lib/db/client");
  await getDb().$disconnect();
  await db?.drop();
});

async function list(query: string): Promise<{ status: number; body: Page & { error?: { code: string; message: string } } }> {
  const response = await app.signedInFetch(`/api/tasks?${query}`);
  return { status: response.status, body: (await response.json()) as Page & { error?: { code: string; message: string } } };
}

async function everyPage(query: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const { body }: { body: Page } = await list(`${query}${cursor ? `&cursor=${cursor}` : ""}`);
    ids.push(...body.tasks.map((task) => task.persistentId));
    cursor = body.nextCursor;
  } while (cursor);
  return ids;
}

describe("GET /api/tasks", () => {
  it("pages newest first by cursor, without repeats or gaps", async () => {
    const ids = await everyPage("limit=50");
    expect(ids).toHaveLength(121);
    expect(new Set(ids).size).toBe(121);
    expect(ids[0]).toBe("abcdef");
    expect(ids.slice(1, 4)).toEqual(["task_119", "task_118", "task_117"]);
  });

  it("filters by state, by operation and by time", async () => {
    const failed = await everyPage("state=failed&limit=200");
    expect(failed).toHaveLength(40);
    const copies = await everyPage("op=copy_or_move");
    expect(copies).toHaveLength(60);
    const window = await everyPage(`since=${new Date(BASE + 10 * MINUTE).toISOString()}&until=2026-11-01T00:20:00`);
    expect(window).toEqual(Array.from({ length: 10 }, (_, n) => `task_${String(19 - n).padStart(3, "0")}`));
    const both = await everyPage("state=failed,partial&op=delete");
    expect(both).toHaveLength(20);
  });

  it("finds a task by exact id, by id prefix (with _ taken literally), and by item key prefix", async () => {
    expect((await list("q=task_042")).body.tasks.map((task) => task.persistentId)).toEqual(["task_042"]);
    expect((await list(`q=${encodeURIComponent("  persistentId: task_04 ")}`)).body.tasks).toHaveLength(10);
    expect((await list("q=task_1")).body.tasks.map((task) => task.persistentId)).toEqual(
      Array.from({ length: 20 }, (_, n) => `task_${119 - n}`),
    );
    expect((await list("q=abc")).body.tasks.map((task) => task.persistentId)).toEqual(["abcdef"]);
    expect((await list("q=ab_")).body.tasks).toEqual([]);
    expect((await list(`q=${encodeURIComponent("videos/2026/clip_11")}`)).body.tasks.map((task) => task.persistentId)).toEqual([
      "task_119", "task_118", "task_117", "task_116", "task_115", "task_114", "task_113", "task_112", "task_111", "task_110", "task_011",
    ]);
  });

  it.each([
    ["state=done", /state: "done" is not one of/],
    ["op=teleport", /op: must be one of/],
    ["limit=500", /limit: must be a whole number from 1 to 200/],
    ["since=yesterday", /since: must be an ISO 8601 time/],
    ["cursor=garbage", /cursor: not a cursor/],
  ])("refuses %s with a clear 400", async (query, message) => {
    const { status, body } = await list(query);
    expect(status).toBe(400);
    expect(body.error?.code).toBe("invalid_request");
    expect(body.error?.message).toMatch(message);
  });
});
