import { describe, expect, it } from "vitest";
import { formatBytes, formatExactBytes, safeHttpUrl } from "./format";

describe("formatBytes", () => {
  it.each([
    ["0", "0 B"],
    ["1023", "1023 B"],
    ["6437836", "6.14 MiB"],
    ["9007199254740993123", "7.81 EiB"],
    [null, null],
    ["abc", null],
  ])("%s is %s", (digits, expected) => {
    expect(formatBytes(digits)).toBe(expected);
  });

  it("groups the exact count", () => {
    expect(formatExactBytes("9007199254740993123")).toBe("9,007,199,254,740,993,123 bytes");
  });
});

describe("safeHttpUrl", () => {
  it.each([
    ["http://cdn.example.com/a.mp4", "http://cdn.example.com/a.mp4"],
    ["https://cdn.example.com/a b", "https://cdn.example.com/a%20b"],
    ["javascript:alert(1)", null],
    ["JAVASCRIPT:alert(1)", null],
    [" javascript:alert(1)", null],
    ["data:text/html,<script>", null],
    ["//evil.example.com", null],
    ["", null],
  ])("%j becomes %j", (input, expected) => {
    expect(safeHttpUrl(input)).toBe(expected);
  });
});
