import { describe, expect, it } from "vitest";
import { MAX_ITEMS_PER_SUBMISSION, planRetry, type FailedItem } from "./retry-plan";

const item = (n: number, op: string, cmd = `bucket/bWVkaWE=/key/${Buffer.from(`k${n}`).toString("base64url")}`): FailedItem => ({ id: BigInt(n), op, cmd });

describe("planRetry", () => {
  it("makes one submission per vendor endpoint, in the items' order", () => {
    const plan = planRetry([item(1, "delete"), item(2, "fetch"), item(3, "delete"), item(4, "delete_m3u8"), item(5, "delete_prefix"), item(6, "compress")], undefined);
    expect(plan.chunks.map((chunk) => [chunk.op, chunk.items.map((entry) => Number(entry.id))])).toEqual([
      ["delete", [1, 3]],
      ["fetch", [2]],
      ["deletem3u8", [4]],
      ["deletePrefix", [5]],
      ["compress", [6]],
    ]);
    expect(plan.skipped).toEqual([]);
  });

  it(`splits a large group into submissions of at most ${MAX_ITEMS_PER_SUBMISSION}`, () => {
    const plan = planRetry(Array.from({ length: 1_201 }, (_, n) => item(n, "delete")), undefined);
    expect(plan.chunks.map((chunk) => chunk.items.length)).toEqual([500, 500, 201]);
  });

  it("sends copy-or-move items where the person said, and holds them back until they say", () => {
    expect(planRetry([item(1, "copy_or_move")], "move").chunks.map((chunk) => chunk.op)).toEqual(["move"]);
    const unsaid = planRetry([item(1, "copy_or_move"), item(2, "copy_or_move")], undefined);
    expect(unsaid.chunks).toEqual([]);
    expect(unsaid.skipped.map((entry) => [entry.op, entry.items])).toEqual([["copy_or_move", 2]]);
    expect(unsaid.skipped[0]?.reason).toMatch(/cannot tell copy from move/);
  });

  it("reports what cannot be retried instead of dropping it", () => {
    const plan = planRetry([item(1, "retention"), item(2, "unknown"), item(3, "delete", "bucket/a;b&c")], undefined);
    expect(plan.chunks).toEqual([]);
    expect(plan.skipped.map((entry) => [entry.op, entry.items])).toEqual([
      ["retention", 1],
      ["unknown", 1],
      ["delete", 1],
    ]);
    expect(plan.skipped[2]?.reason).toMatch(/cannot carry/);
  });
});
