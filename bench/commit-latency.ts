// How long a bare one-row commit takes on this machine's Postgres, one at a time: the
// floor under every callback's latency (each is answered only after its commit).
import pg from "pg";
import { recreateDatabase } from "../scripts/test-support/test-database";
import { ms, summarize } from "./stats";

export async function measureCommitLatency(log: (line: string) => void, commits = 2_000): Promise<void> {
  const db = await recreateDatabase("fmgr_bench_commit");
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    await client.query("CREATE TABLE t (id bigserial PRIMARY KEY, body text)");
    const samples: number[] = [];
    for (let n = 0; n < commits; n++) {
      const started = performance.now();
      await client.query("BEGIN");
      await client.query("INSERT INTO t (body) VALUES ($1)", [`row ${n}`]);
      await client.query("COMMIT");
      samples.push(performance.now() - started);
    }
    const { p50, p95, p99 } = summarize(samples);
    log(`  one-row commit, ${commits} in a row: p50 ${ms(p50)}, p95 ${ms(p95)}, p99 ${ms(p99)}, max ${ms(Math.max(...samples))}`);
  } finally {
    await client.end();
    await db.drop();
  }
}
