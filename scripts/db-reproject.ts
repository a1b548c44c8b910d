// npm run db:reproject [-- --task <persistentId>]: re-derives tasks and their items from
// their events (lib/tasks/projection/reproject.ts), after the derivation rules change or
// a bug in them is fixed. Runs online against DATABASE_URL while the app serves: one task
// per transaction, callbacks keep arriving. On the embedded database (DATA_DIR) stop the
// app first: PGlite is single-process.
import { parseArgs } from "node:util";
import { createAdapterFactory, describeDatabaseTarget, resolveDatabaseTarget } from "../lib/db/target";
import { getEnv } from "../lib/env";
import { PrismaClient } from "../lib/generated/prisma/client";
import { ingestSettingsFrom } from "../lib/tasks/ingest/ingest-settings";
import { reproject, type ReprojectReport, type TransactionRunner } from "../lib/tasks/projection/reproject";

// A task with 100,000 events takes a while to replay; its transaction may take minutes.
const TRANSACTION = { maxWait: 60_000, timeout: 10 * 60_000 };

const describe = (report: ReprojectReport) =>
  `${report.rebuilt} changed, ${report.unchanged} unchanged, ${report.trimmed} skipped (history trimmed by retention), ${report.gone} gone`;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { task: { type: "string" } } });
  const env = getEnv();
  const target = resolveDatabaseTarget(env);
  const prisma = new PrismaClient({ adapter: createAdapterFactory(target) });
  const run: TransactionRunner = (work) => prisma.$transaction((tx) => work({ query: (sql) => tx.$queryRaw(sql), execute: (sql) => tx.$executeRaw(sql) }), TRANSACTION);
  try {
    let taskId: bigint | undefined;
    if (values.task !== undefined) {
      const task = await prisma.task.findUnique({ where: { persistentId: values.task }, select: { id: true } });
      if (!task) throw new Error(`No task ${values.task} in ${describeDatabaseTarget(target)}.`);
      taskId = task.id;
    }
    console.log(`Reprojecting ${values.task ? `task ${values.task}` : "every task"} in ${describeDatabaseTarget(target)}`);
    const started = performance.now();
    const report = await reproject(run, ingestSettingsFrom(env), { taskId, onProgress: (totals) => console.log(`  ${describe(totals)}`) });
    console.log(`Done in ${((performance.now() - started) / 1000).toFixed(1)} s: ${describe(report)}.`);
  } finally {
    await prisma.$disconnect();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
