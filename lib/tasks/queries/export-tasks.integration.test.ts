// An export of 100,000 tasks over HTTP against the production build (npm run build
// first): every row arrives, in order, while the app's memory stays flat. The tasks are
// written with set-based SQL; the export reads them back through the list's keyset.
// The app runs with a 96 MB old-space heap. The idle app already holds about 50 MB of it
// (its code and caches), and a streaming export adds about 10 MB; an export that read all
// 100,000 rows before writing crashes it (tried: the server dies before the first byte).
// At 64 MB the margin was too thin: a CI run on a busy machine lost the app mid-stream.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { residentMegabytes, startAppServer, type AppServer } from "@/scripts/test-support/app-server";
import { createTestDatabase, queryDatabase, type TestDatabase } from "@/scripts/test-support/test-database";
import { migrateDatabase } from "@/lib/db/migrate";

const TASKS = 100_000;
const HEAP_CAP_MB = 96;
let db: TestDatabase;
let app: AppServer;

beforeAll(async () => {
  db = await createTestDatabase("export");
  await migrateDatabase({ kind: "postgres", url: db.url });
  await queryDatabase(
    db.url,
    `INSERT INTO tasks (persistent_id, state, "desc", ops, item_count, failed_count, first_seen_at, updated_at, last_activity_at)
     SELECT 'ff808081export' || lpad(n::text, 10, '0'),
            (ARRAY['succeeded','failed','partial','processing']::"TaskState"[])[1 + n % 4],
            'task number ' || n || ', with "quotes"', ARRAY['copy'], 3, n % 2,
            now() - interval '1 second' * n, now() - interval '1 second' * n, now() - interval '1 second' * n
     FROM generate_series(1, ${TASKS}) AS n`,
  );
  app = await startAppServer({ DATABASE_URL: db.url, RECONCILER_ENABLED: "false", LOG_LEVEL: "error", NODE_OPTIONS: `--max-old-space-size=${HEAP_CAP_MB}` });
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await db?.drop();
});

// A dropped connection says little by itself; the app's last words say why it went.
function failWithAppOutput(error: unknown): never {
  throw new Error(`${String(error)}; app exit code ${app.exitCode()}\n--- app output ---\n${app.output().slice(-4000)}`);
}

// Reads the download as it streams, sampling the server's resident memory as it goes.
async function download(path: string): Promise<{ text: string; baselineMb: number; peakMb: number; firstChunkMs: number; totalMs: number }> {
  // Warm the route so its code is loaded before the baseline is taken.
  await (await app.signedInFetch(`${path.split("?")[0]}?format=csv&state=unknown`)).text();
  const baselineMb = await residentMegabytes(app.pid);
  let peakMb = baselineMb;
  const started = performance.now();
  const response = await app.signedInFetch(path).catch((error: unknown) => failWithAppOutput(error));
  expect(response.status).toBe(200);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let firstChunkMs = 0;
  let chunks = 0;
  for (;;) {
    const { done, value } = await reader.read().catch((error: unknown) => failWithAppOutput(error));
    if (done) break;
    if (chunks === 0) firstChunkMs = performance.now() - started;
    parts.push(decoder.decode(value, { stream: true }));
    if (++chunks % 20 === 0) peakMb = Math.max(peakMb, await residentMegabytes(app.pid));
  }
  peakMb = Math.max(peakMb, await residentMegabytes(app.pid));
  return { text: parts.join(""), baselineMb, peakMb, firstChunkMs, totalMs: performance.now() - started };
}

describe(`exporting ${TASKS.toLocaleString("en")} tasks`, () => {
  it("streams every row as CSV, newest first, in bounded memory", async () => {
    const result = await download("/api/exports/tasks?format=csv");
    const rows = result.text.split("\r\n").filter(Boolean);
    expect(rows).toHaveLength(TASKS + 1);
    expect(rows[1]).toMatch(/^ff808081export0000000001,failed,/);
    expect(rows.at(-1)).toMatch(new RegExp(`^ff808081export${String(TASKS).padStart(10, "0")},`));
    expect(new Set(rows).size).toBe(rows.length);
    const megabytes = result.text.length / 1024 / 1024;
    console.log(
      `CSV export: ${megabytes.toFixed(1)} MB in ${result.totalMs.toFixed(0)} ms, first bytes after ${result.firstChunkMs.toFixed(0)} ms, ` +
        `server RSS ${result.baselineMb.toFixed(0)} → peak ${result.peakMb.toFixed(0)} MB`,
    );
    expect(result.peakMb - result.baselineMb).toBeLessThan(HEAP_CAP_MB);
    expect((await fetch(`${app.url}/api/health`)).status).toBe(200);
  }, 120_000);

  it("streams valid JSON of the filtered list", async () => {
    const result = await download("/api/exports/tasks?format=json&state=failed");
    const parsed = JSON.parse(result.text) as { tasks: { persistentId: string; state: string }[] };
    expect(parsed.tasks).toHaveLength(TASKS / 4);
    expect(parsed.tasks.every((task) => task.state === "failed")).toBe(true);
  }, 120_000);
});
