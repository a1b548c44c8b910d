import { describe, expect, it } from "vitest";
import { KEYLESS_PER_ADDRESS_PER_MINUTE, SAMPLE_EVERY, takeRefusalBudget } from "./refusal-budget";

describe("the refusal budget", () => {
  it("stores an address's first refusals each minute, then samples", () => {
    const minute = Date.parse("2026-11-29T02:00:00Z");
    const stored = Array.from({ length: 1_000 }, () => takeRefusalBudget("198.51.100.7", minute + 1_000)).filter(Boolean).length;
    expect(stored).toBe(KEYLESS_PER_ADDRESS_PER_MINUTE + Math.floor(1_000 / SAMPLE_EVERY));
    // Another address has its own budget, and the next minute starts afresh.
    expect(takeRefusalBudget("198.51.100.8", minute + 1_000)).toBe(true);
    expect(takeRefusalBudget("198.51.100.7", minute + 61_000)).toBe(true);
  });
});
