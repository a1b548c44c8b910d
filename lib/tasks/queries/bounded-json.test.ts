import { describe, expect, it } from "vitest";
import { boundedJsonText, capDepth, MAX_DEPTH, MAX_TEXT } from "./bounded-json";

const nested = (depth: number) => `${"[".repeat(depth)}1${"]".repeat(depth)}`;

describe("boundedJsonText", () => {
  it("leaves an ordinary document as it is, numbers exact", () => {
    expect(boundedJsonText('{"id":"a","items":[{"fsize":9007199254740993123}]}')).toEqual({
      text: '{\n  "id": "a",\n  "items": [\n    {\n      "fsize": 9007199254740993123\n    }\n  ]\n}',
      isCapped: false,
    });
  });

  it("collapses what is nested past the depth cap, so 3,000 levels stay small", () => {
    const result = boundedJsonText(`{"id":"a","extra":${nested(3000)}}`);
    expect(result?.isCapped).toBe(true);
    expect(result?.text.length).toBeLessThan(5_000);
    expect(result?.text).toContain(`nested deeper than ${MAX_DEPTH} levels: see the raw payload`);
  });

  it("cuts a wide document at the size cap", () => {
    const wide = JSON.stringify({ items: Array.from({ length: 20_000 }, (_, n) => ({ key: `file_${n}` })) });
    const result = boundedJsonText(wide);
    expect(result?.isCapped).toBe(true);
    expect(result!.text.length).toBeLessThan(MAX_TEXT + 100);
    expect(result?.text).toMatch(/cut at 64 KB: see the raw payload$/);
  });

  it("says null for text that is not JSON", () => {
    expect(boundedJsonText("{")).toBeNull();
  });
});

describe("capDepth", () => {
  it("keeps values up to the cap and notes what it collapsed", () => {
    expect(capDepth({ a: [1, { b: 2 }] })).toEqual({ value: { a: [1, { b: 2 }] }, isCapped: false });
    const deep = JSON.parse(nested(MAX_DEPTH + 5)) as unknown;
    const capped = capDepth(deep);
    expect(capped.isCapped).toBe(true);
    expect(JSON.stringify(capped.value)).toContain("1 item(s) nested deeper");
  });
});
