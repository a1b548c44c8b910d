import { describe, expect, it } from "vitest";
import { isRetryableRead, withOneRetry } from "./read-retry";

const query = (sql: string) => ({ sql, args: [], argTypes: [] });

describe("isRetryableRead", () => {
  it("takes plain reads", () => {
    expect(isRetryableRead(query('SELECT "id" FROM "tasks" WHERE "persistent_id" = $1'))).toBe(true);
    expect(isRetryableRead(query("  (SELECT 1) UNION (SELECT 2)"))).toBe(true);
  });

  it("leaves writes and locking reads alone", () => {
    expect(isRetryableRead(query('INSERT INTO "tasks" ("persistent_id") VALUES ($1) RETURNING "id"'))).toBe(false);
    expect(isRetryableRead(query("WITH due AS (SELECT id FROM tasks FOR UPDATE SKIP LOCKED) UPDATE tasks SET x = 1"))).toBe(false);
    expect(isRetryableRead(query("SELECT id FROM tasks FOR UPDATE"))).toBe(false);
    expect(isRetryableRead(query('UPDATE "tasks" SET "state" = $1'))).toBe(false);
  });
});

describe("withOneRetry", () => {
  it("tries once more after a lost connection, and only once", async () => {
    let calls = 0;
    const retried: unknown[] = [];
    const lost = () => new Error("Connection terminated unexpectedly");
    await expect(withOneRetry(async () => (++calls === 1 ? Promise.reject(lost()) : "rows"), (error) => retried.push(error))).resolves.toBe("rows");
    expect(calls).toBe(2);
    calls = 0;
    await expect(withOneRetry(async () => (++calls, Promise.reject(lost())), () => undefined)).rejects.toThrow(/terminated/);
    expect(calls).toBe(2);
  });

  it("does not retry a statement that failed on its own", async () => {
    let calls = 0;
    await expect(withOneRetry(async () => (++calls, Promise.reject(Object.assign(new Error("syntax error"), { code: "42601" }))), () => undefined)).rejects.toThrow();
    expect(calls).toBe(1);
  });
});
