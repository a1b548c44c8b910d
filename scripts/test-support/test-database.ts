// Each test file gets its own database on the local Postgres, created and dropped here,
// so files can run in parallel and a failed run leaves nothing shared behind.
import { randomBytes } from "node:crypto";
import pg from "pg";

export const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export type TestDatabase = { name: string; url: string; drop(): Promise<void> };

export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(label = "test"): Promise<TestDatabase> {
  const name = `fmgr_${label}_${process.pid}_${randomBytes(4).toString("hex")}`;
  await withAdmin((client) => client.query(`CREATE DATABASE "${name}"`));
  return {
    name,
    url: databaseUrl(name),
    drop: () => withAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

// A database under a fixed name, emptied by recreating it; for a server whose process
// may be killed before it can clean up after itself.
export async function recreateDatabase(name: string): Promise<TestDatabase> {
  await withAdmin(async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  });
  return {
    name,
    url: databaseUrl(name),
    drop: () => withAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

export async function queryDatabase<T extends pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

// Waits until the app's projector has applied every stored event, or every one of one
// task (a callback answered 200 is stored at once, and shows on its task a moment later).
export async function waitForProjection(url: string, timeoutMs = 15_000, persistentId?: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const [where, values] = persistentId === undefined ? ["", []] : [" AND persistent_id = $1", [persistentId]];
  for (;;) {
    const [row] = await queryDatabase<{ pending: string }>(url, `SELECT count(*) AS pending FROM task_events WHERE applied_seq IS NULL${where}`, values);
    if (Number(row?.pending) === 0) return;
    if (Date.now() > deadline) throw new Error(`${row?.pending} event(s)${persistentId ? ` of ${persistentId}` : ""} still not applied after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
