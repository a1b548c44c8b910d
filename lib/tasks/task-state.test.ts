import { describe, expect, it } from "vitest";
import { deriveTaskState, FINAL_STATES, isFinalState, TASK_STATES } from "./task-state";

describe("deriveTaskState", () => {
  it.each([
    [[], {}, "unknown"],
    [[], { lookupCode: 0 }, "pending"],
    [[], { lookupCode: 1 }, "processing"],
    [[], { callbackCode: 1 }, "processing"],
    [[0, 0], {}, "pending"],
    [[0, 3], {}, "processing"],
    [[1, 2], {}, "processing"],
    [[3, 6, 4], {}, "succeeded"],
    [[2, 19], {}, "failed"],
    [[3, 20], {}, "partial"],
    [[3, 42], {}, "unknown"],
    [[null, null], {}, "pending"],
    [[null, 3], {}, "processing"],
    [[3], { callbackCode: 1 }, "processing"],
    [[3], { callbackCode: 1, lookupCode: 6 }, "succeeded"],
    [[3, 2], { callbackCode: 2 }, "partial"],
    [[3], { lookupCode: 1 }, "processing"],
    [[3], { lookupCode: 1, callbackCode: 3 }, "succeeded"],
  ] as const)("items %j with %j is %s", (itemCodes, codes, state) => {
    expect(deriveTaskState({ itemCodes: [...itemCodes], ...codes })).toBe(state);
  });
});

describe("final states", () => {
  it("are the states in which every item has finished", () => {
    expect(TASK_STATES.filter(isFinalState)).toEqual(["failed", "partial", "succeeded"]);
    expect(FINAL_STATES.size).toBe(3);
  });
});
