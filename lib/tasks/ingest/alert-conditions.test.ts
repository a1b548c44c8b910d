import { describe, expect, it } from "vitest";
import { alertConditionsFor } from "./alert-conditions";

const quiet = { wasCallbackMissing: false, isCallbackMissing: false };

describe("alertConditionsFor", () => {
  it.each([
    ["processing", "failed", ["failed"]],
    ["pending", "partial", ["partial"]],
    ["processing", "succeeded", []],
    ["failed", "failed", []],
    ["partial", "partial", []],
  ] as const)("%s → %s raises %j", (stateBefore, stateAfter, expected) => {
    expect(alertConditionsFor({ stateBefore, stateAfter, ...quiet })).toEqual(expected);
  });

  it("raises callback_missing when the mark appears, not while it stays", () => {
    expect(alertConditionsFor({ stateBefore: "succeeded", stateAfter: "succeeded", wasCallbackMissing: false, isCallbackMissing: true })).toEqual(["callback_missing"]);
    expect(alertConditionsFor({ stateBefore: "succeeded", stateAfter: "succeeded", wasCallbackMissing: true, isCallbackMissing: true })).toEqual([]);
  });
});
