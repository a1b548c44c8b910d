// npm run bench [-- --only read|ingest|flood] [--tasks N] [--seconds N] [--lag-seconds N]:
// the benchmarks of BENCHMARKS.md.
// The read path includes page loads in Chromium (network idle of /tasks and a huge task).
// Needs the production build (npm run build) and the local Postgres the tests use.
// Prints every number it measures; nothing here is asserted.
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { startAppServer } from "../scripts/test-support/app-server";
import { databaseUrl, queryDatabase, recreateDatabase, type TestDatabase } from "../scripts/test-support/test-database";
import { migrateDatabase } from "../lib/db/migrate";
import { measureCommitLatency } from "./commit-latency";
import { measureIngest } from "./ingest";
import { measurePageLoads } from "./page-load";
import { measureReadPath } from "./read-path";
import { measureSignInFlood } from "./sign-in-flood";
import { HUGE_TASK, seedReadPath } from "./seed-read-path";

const ROOT = path.resolve(import.meta.dirname, "..");
const { values: args } = parseArgs({
  options: {
    only: { type: "string" },
    tasks: { type: "string", default: "1000000" },
    seconds: { type: "string", default: "10" },
    // The projection lag is measured over a sustained load.
    "lag-seconds": { type: "string", default: "60" },
    // Keep the read path's database from the last run, if it holds that many tasks.
    "reuse-seed": { type: "boolean", default: false },
  },
});
const log = (line: string) => console.log(line);

// The read path's database as the last run left it, if it holds at least `tasks` tasks.
async function seededDatabase(name: string, tasks: number): Promise<TestDatabase | undefined> {
  const url = databaseUrl(name);
  try {
    const [row] = await queryDatabase<{ n: string }>(url, "SELECT count(*) AS n FROM tasks");
    return Number(row?.n) >= tasks ? { name, url, drop: () => Promise.resolve() } : undefined;
  } catch {
    return undefined;
  }
}
const runs = (name: string) => args.only === undefined || args.only === name;

if (!existsSync(path.join(ROOT, ".next/BUILD_ID"))) {
  console.error("No production build: run npm run build first.");
  process.exit(2);
}

log(`# Fmgr Monitor benchmarks, ${new Date().toISOString()}`);
log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.type()} ${os.release()}`);

if (runs("read")) {
  const tasks = Number(args.tasks);
  log(`\n## Read path at ${tasks.toLocaleString("en")} tasks`);
  const kept = args["reuse-seed"] ? await seededDatabase("fmgr_bench_read", tasks) : undefined;
  const db = kept ?? (await recreateDatabase("fmgr_bench_read"));
  await migrateDatabase({ kind: "postgres", url: db.url });
  if (kept) log("  the database seeded by the last run, kept (--reuse-seed)");
  else {
    const seeding = performance.now();
    await seedReadPath(db.url, tasks, log);
    log(`  seeded in ${((performance.now() - seeding) / 1000).toFixed(0)} s`);
  }
  const app = await startAppServer({ DATABASE_URL: db.url, RECONCILER_ENABLED: "false", RETENTION_EVENTS_DAYS: "0", RETENTION_REJECTED_DAYS: "0", LOG_LEVEL: "warn", BENCH_ROUTES: "true" });
  try {
    await measureReadPath(app, db.url, log);
    log("\n## Pages in the browser (1440 px)");
    await measurePageLoads(app, [
      { name: "/tasks", path: "/tasks" },
      { name: "/ (overview)", path: "/" },
      { name: "100,000-item task", path: `/tasks/${HUGE_TASK}` },
    ], log);
  } finally {
    await app.stop();
  }
}

if (runs("ingest")) {
  log("\n## Callback ingest");
  await measureCommitLatency(log);
  await measureIngest({ seconds: Number(args.seconds), lagSeconds: Number(args["lag-seconds"]), log });
}

if (runs("flood")) {
  log("\n## A sign-in flood against a signed-in API");
  await measureSignInFlood({ log });
}
