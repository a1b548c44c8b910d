import { describe, expect, it } from "vitest";
import { HASHING_CONCURRENCY, HASHING_QUEUE, isHashingSaturated, onHashingQueue } from "./hashing-queue";

describe("the password-hashing queue", () => {
  it("runs one check at a time, queues a few, and refuses the rest at once", async () => {
    let running = 0;
    let peak = 0;
    const releases: (() => void)[] = [];
    const check = () =>
      new Promise<string>((resolve) => {
        running += 1;
        peak = Math.max(peak, running);
        releases.push(() => {
          running -= 1;
          resolve("checked");
        });
      });
    const accepted = Array.from({ length: HASHING_CONCURRENCY + HASHING_QUEUE }, () => onHashingQueue(check));
    expect(isHashingSaturated()).toBe(true);
    await expect(onHashingQueue(check)).rejects.toMatchObject({ code: "too_many_requests", status: 429 });
    for (let released = 0; released < accepted.length; released++) {
      while (releases.length === 0) await new Promise((resolve) => setImmediate(resolve));
      releases.shift()?.();
    }
    expect(await Promise.all(accepted)).toHaveLength(HASHING_CONCURRENCY + HASHING_QUEUE);
    expect(peak).toBe(HASHING_CONCURRENCY);
    expect(isHashingSaturated()).toBe(false);
  });
});
