import { describe, expect, it } from "vitest";
import { isCallbackMissing, scheduleNextCheck } from "./check-schedule";

const MINUTE = 60_000;
const settings = { staleAfterMs: 10 * MINUTE, maxBackoffMs: 6 * 60 * MINUTE, maxAgeMs: 7 * 24 * 60 * MINUTE };
const now = new Date("2026-11-28T12:00:00Z");
const at = (ms: number) => new Date(now.getTime() + ms);

describe("scheduleNextCheck", () => {
  it("stops watching a final task", () => {
    expect(scheduleNextCheck({ state: "partial", source: "reconcile", previousAttempts: 3, firstSeenAt: now, now, settings })).toEqual({ nextCheckAt: null, checkAttempts: 0 });
  });

  it("checks a running task once it has been quiet for the stale time", () => {
    expect(scheduleNextCheck({ state: "processing", source: "callback", previousAttempts: 4, firstSeenAt: now, now, settings })).toEqual({ nextCheckAt: at(10 * MINUTE), checkAttempts: 0 });
  });

  it("backs off while unasked looks keep finding it running, up to the cap", () => {
    const delays = [0, 1, 2, 3, 4, 5].map((previousAttempts) => {
      const next = scheduleNextCheck({ state: "processing", source: "reconcile", previousAttempts, firstSeenAt: now, now, settings }).nextCheckAt;
      return (next?.getTime() ?? 0) - now.getTime();
    });
    expect(delays).toEqual([20, 40, 80, 160, 320, 360].map((minutes) => minutes * MINUTE));
  });

  it("gives up on a task older than the maximum age", () => {
    const firstSeenAt = new Date(now.getTime() - settings.maxAgeMs - 1);
    expect(scheduleNextCheck({ state: "processing", source: "reconcile", previousAttempts: 2, firstSeenAt, now, settings }).nextCheckAt).toBeNull();
  });
});

describe("isCallbackMissing", () => {
  it("is true when the vendor notified or gave up and nothing arrived", () => {
    expect(isCallbackMissing({ lookupCode: 6, hasCallback: false })).toBe(true);
    expect(isCallbackMissing({ lookupCode: 5, hasCallback: false })).toBe(true);
    expect(isCallbackMissing({ lookupCode: 6, hasCallback: true })).toBe(false);
    expect(isCallbackMissing({ lookupCode: 4, hasCallback: false })).toBe(false);
  });
});
