import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csvCell, csvRow } from "./csv";

// A small RFC 4180 reader, to check that what is written reads back.
function parseCsvRow(line: string): string[] {
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quoted && char === '"' && line[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (char === '"') {
      quoted = !quoted;
    } else if (char === "," && !quoted) {
      cells.push(cell);
      cell = "";
    } else {
      cell += char;
    }
  }
  cells.push(cell);
  return cells;
}

describe("csv", () => {
  it.each([
    ["plain", "plain"],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["=HYPERLINK(\"http://evil\")", "\"'=HYPERLINK(\"\"http://evil\"\")\""],
    ["+1", "'+1"],
    ["@SUM(A1)", "'@SUM(A1)"],
    [null, ""],
    [42, "42"],
  ])("writes %j as %s", (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it("writes a bigint exactly", () => {
    expect(csvCell(12345678901234567890n)).toBe("12345678901234567890");
  });

  it("ends rows with CRLF", () => {
    expect(csvRow(["a", 1, null])).toBe("a,1,\r\n");
  });

  it("reads back every text that does not look like a formula", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: "binary" }).filter((text) => !/^[=+\-@\t\r]/.test(text)), { minLength: 1, maxLength: 5 }), (cells) => {
        expect(parseCsvRow(csvRow(cells).slice(0, -2))).toEqual(cells);
      }),
      { numRuns: 500 },
    );
  });
});
