import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonForStorage, parseStatusAnswer, parseTaskDocument } from "./task-document";

const SEED_JSON = readFileSync(path.resolve(import.meta.dirname, "fixtures/seed-callback-body.json"), "utf8");

function item(overrides: Record<string, unknown> = {}) {
  return { cmd: "bucket/Yg==/key/YQ==", code: 3, ...overrides };
}

function documentWith(fields: Record<string, unknown>) {
  return JSON.stringify({ id: "ff80808149deceff014a7090b6700000", code: 3, desc: "ok", separate: 0, items: [item()], ...fields });
}

describe("parseTaskDocument", () => {
  it("reads the seed fixture", () => {
    const result = parseTaskDocument(SEED_JSON);
    expect(result).toMatchObject({
      ok: true,
      document: {
        id: "20105464540f197414d51a861240d921ef206",
        code: 3,
        separate: false,
        items: [{ code: 3, error: null, fsize: "6437836", hash: "lj6NH8CEuuCKd2fBoxe2FJlrl5lT", decompresslist: null }],
      },
    });
  });

  it("keeps an fsize above 2^53 exact, as a number or as a string", () => {
    const big = "9007199254740993123";
    const asNumber = parseTaskDocument(`{"id":"a","code":3,"items":[{"cmd":"x","code":3,"fsize":${big}}]}`);
    const asString = parseTaskDocument(`{"id":"a","code":3,"items":[{"cmd":"x","code":3,"fsize":"${big}"}]}`);
    expect(asNumber.ok && asNumber.document.items[0]?.fsize).toBe(big);
    expect(asString.ok && asString.document.items[0]?.fsize).toBe(big);
  });

  it("takes numbers and numeric strings alike", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 20 }), fc.constantFrom(0, 1), fc.nat(), fc.boolean(), (taskCode, itemCode, separate, size, asStrings) => {
        const wrap = (value: number) => (asStrings ? String(value) : value);
        const result = parseTaskDocument(documentWith({ code: wrap(taskCode), separate: wrap(separate), items: [item({ code: wrap(itemCode), fsize: wrap(size) })] }));
        expect(result).toMatchObject({
          ok: true,
          document: { code: taskCode, separate: separate === 1, items: [{ code: itemCode, fsize: String(size) }] },
        });
      }),
    );
  });

  it("accepts absent or null optional fields and keeps unknown ones", () => {
    const result = parseTaskDocument(JSON.stringify({ id: "abc", items: [{ cmd: "x", code: "2", error: "boom", extraField: { a: 1 } }], vendorNote: "n" }));
    expect(result).toMatchObject({
      ok: true,
      document: { code: null, desc: null, separate: false, vendorNote: "n", items: [{ code: 2, error: "boom", hash: null, key: null, url: null, fsize: null, extraField: { a: 1 } }] },
    });
  });

  it.each([
    ["null", null],
    ["empty", ""],
    ["missing", undefined],
  ])("takes an item whose code is %s as one with no code yet, and the task's too", (_name, code) => {
    const result = parseTaskDocument(JSON.stringify({ id: "abc", code, items: [{ cmd: "x", code }, { cmd: "y", code: 3 }] }));
    expect(result).toMatchObject({ ok: true, document: { code: null, items: [{ cmd: "x", code: null }, { cmd: "y", code: 3 }] } });
  });

  it("shows a structured decompresslist as its JSON text", () => {
    const result = parseTaskDocument(documentWith({ items: [item({ decompresslist: ["a/1.txt", "a/2.txt"] })] }));
    expect(result.ok && result.document.items[0]?.decompresslist).toBe('["a/1.txt","a/2.txt"]');
  });

  it.each([
    ["not JSON", "{", /Not JSON/],
    ["no id", JSON.stringify({ code: 3, items: [] }), /id/],
    ["a bad id", documentWith({ id: "has spaces" }), /id: must be 1 to 128/],
    ["items not a list", documentWith({ items: {} }), /items/],
    ["an item without cmd", documentWith({ items: [{ code: 3 }] }), /items\.0\.cmd/],
    ["an item code that is not a number", documentWith({ items: [item({ code: "done" })] }), /items\.0\.code/],
    ["an item code past 32 bits", documentWith({ items: [item({ code: 1e12 })] }), /items\.0\.code/],
  ])("refuses %s with a reason", (_name, json, reason) => {
    const result = parseTaskDocument(json);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(reason);
  });
});

describe("parseStatusAnswer", () => {
  it("tells a task from the vendor's error document and from garbage", () => {
    expect(parseStatusAnswer(SEED_JSON)).toMatchObject({ kind: "task" });
    expect(parseStatusAnswer('{"code": 404, "message": "persistentId not found"}')).toEqual({
      kind: "error",
      code: 404,
      message: "persistentId not found",
    });
    expect(parseStatusAnswer("<html>502 Bad Gateway</html>")).toMatchObject({ kind: "invalid" });
    expect(parseStatusAnswer('{"hello": "world"}')).toMatchObject({ kind: "invalid" });
  });
});

describe("jsonForStorage", () => {
  it("replaces NUL, which Postgres cannot store, and keeps big numbers exact", () => {
    const json = '{"id":"a","items":[{"cmd":"x\\u0000y","code":3,"fsize":9007199254740993123,"error":"bad\\u0000"}]}';
    const stored = jsonForStorage(json);
    expect(stored).not.toContain("\\u0000");
    expect(stored).toContain("9007199254740993123");
    expect(stored).toContain("x\uFFFDy");
    const parsed = parseTaskDocument(json);
    expect(parsed.ok && parsed.document.items[0]).toMatchObject({ cmd: "x\uFFFDy", error: "bad\uFFFD" });
  });

  it("leaves ordinary JSON untouched", () => {
    expect(jsonForStorage('{"a": 1}')).toBe('{"a": 1}');
  });
});
