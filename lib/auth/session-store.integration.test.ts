// The server-side session check against the real Postgres: what it costs per request,
// cached and not, and that a revocation is seen at once by the process that made it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/scripts/test-support/test-database";
import { migrateDatabase } from "@/lib/db/migrate";

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase("sessions");
  await migrateDatabase({ kind: "postgres", url: db.url });
  Object.assign(process.env, { DATABASE_URL: db.url, LOG_LEVEL: "silent" });
});

afterAll(async () => {
  await db?.drop();
});

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

describe("the session check", () => {
  it("costs one indexed read a second per session, and well under a millisecond cached", async () => {
    const { createSession, isSessionLive, LIVE_CACHE_MS } = await import("./session-store");
    const expiresAt = new Date(Date.now() + 3_600_000);
    const ids = await Promise.all(Array.from({ length: 50 }, (_, n) => createSession({ user: "alice", address: `192.0.2.${n}`, userAgent: "test", expiresAt })));
    const time = async (id: string, now: number) => {
      const started = performance.now();
      expect(await isSessionLive(id, "alice", now)).toBe(true);
      return performance.now() - started;
    };
    const base = Date.now();
    const uncached = [];
    for (const id of ids) uncached.push(await time(id, base));
    const cached = [];
    for (let n = 0; n < 1_000; n++) cached.push(await time(ids[n % ids.length] ?? "", base + LIVE_CACHE_MS / 2));
    console.log(`session check: uncached p50 ${median(uncached).toFixed(3)} ms, cached p50 ${(median(cached) * 1000).toFixed(1)} µs`);
    expect(median(cached)).toBeLessThan(0.1);
    expect(median(uncached)).toBeLessThan(20);
  });

  it("ends a revoked session at once here, and refuses another user's session id", async () => {
    const { createSession, isSessionLive, revokeSession } = await import("./session-store");
    const id = await createSession({ user: "bob", address: "192.0.2.1", userAgent: "test", expiresAt: new Date(Date.now() + 60_000) });
    expect(await isSessionLive(id, "bob")).toBe(true);
    expect(await isSessionLive(id, "mallory")).toBe(false);
    await revokeSession(id);
    expect(await isSessionLive(id, "bob")).toBe(false);
  });

  it("ends an expired session", async () => {
    const { createSession, isSessionLive } = await import("./session-store");
    const id = await createSession({ user: "carol", address: "192.0.2.1", userAgent: "test", expiresAt: new Date(Date.now() - 1) });
    expect(await isSessionLive(id, "carol")).toBe(false);
  });
});
