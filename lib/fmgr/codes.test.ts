import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  describeCallbackTaskCode,
  describeItemCode,
  describeLookupTaskCode,
  ITEM_CODES,
  mayReplaceItemCode,
  mayReplaceTaskCode,
} from "./codes";

describe("code dictionaries", () => {
  it("tell the lookup task code from the callback task code", () => {
    expect(describeLookupTaskCode(3).label).toBe("processing completed");
    expect(describeCallbackTaskCode(3).label).toBe("notification of success");
    expect(describeLookupTaskCode(2).label).toBe("unknown (2)");
    expect(describeCallbackTaskCode(2)).toMatchObject({ class: "failed" });
  });

  it.each([
    [0, "pending", "pending"],
    [1, "processing", "processing"],
    [2, "failed", "failed"],
    [3, "succeeded", "succeeded"],
    [6, "succeeded, notified", "succeeded"],
    [18, "failed, notifying", "failed"],
    [20, "failed, notified", "failed"],
    [7, "unknown (7)", "unknown"],
    [-1, "unknown (-1)", "unknown"],
  ])("item code %i is %s (%s)", (code, label, codeClass) => {
    expect(describeItemCode(code)).toEqual({ code, label, class: codeClass });
  });
});

describe("mayReplaceItemCode", () => {
  it("never takes a final item back to pending or processing", () => {
    for (const final of [2, 3, 4, 5, 6, 18, 19, 20]) {
      expect(mayReplaceItemCode(final, 0)).toBe(false);
      expect(mayReplaceItemCode(final, 1)).toBe(false);
    }
  });

  it("lets an item move on: processing to done, done to notified", () => {
    expect(mayReplaceItemCode(0, 1)).toBe(true);
    expect(mayReplaceItemCode(1, 3)).toBe(true);
    expect(mayReplaceItemCode(3, 6)).toBe(true);
    expect(mayReplaceItemCode(18, 20)).toBe(true);
    expect(mayReplaceItemCode(6, 3)).toBe(false);
  });

  it("treats an unknown code like processing: above pending, below any outcome", () => {
    expect(mayReplaceItemCode(0, 42)).toBe(true);
    expect(mayReplaceItemCode(42, 3)).toBe(true);
    expect(mayReplaceItemCode(3, 42)).toBe(false);
  });

  it("is a total order: applying codes in any order ends at a code of the highest rank", () => {
    const codes = fc.array(fc.constantFrom(...Object.keys(ITEM_CODES).map(Number), 42), { minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(codes, (sequence) => {
        const final = sequence.reduce((current, next) => (mayReplaceItemCode(current, next) ? next : current));
        return sequence.every((code) => !mayReplaceItemCode(final, code) || mayReplaceItemCode(code, final));
      }),
    );
  });
});

describe("an item with no code yet", () => {
  it("reads as pending, and any code the vendor sends later replaces it", () => {
    expect(describeItemCode(null)).toEqual({ code: null, label: "no code yet", class: "pending" });
    for (const code of [0, 1, 2, 3, 6, 20, 42]) {
      expect(mayReplaceItemCode(null, code)).toBe(true);
      expect(mayReplaceItemCode(code, null)).toBe(false);
    }
  });
});

describe("mayReplaceTaskCode", () => {
  it("keeps each family moving forward", () => {
    expect(mayReplaceTaskCode("lookup", 1, 6)).toBe(true);
    expect(mayReplaceTaskCode("lookup", 6, 1)).toBe(false);
    expect(mayReplaceTaskCode("callback", 3, 1)).toBe(false);
    expect(mayReplaceTaskCode("callback", 1, 2)).toBe(true);
    expect(mayReplaceTaskCode("callback", null, 1)).toBe(true);
    expect(mayReplaceTaskCode("callback", 3, null)).toBe(false);
  });
});
