import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { decodeCallbackBody } from "./callback-body";

const FIXTURES = path.resolve(import.meta.dirname, "fixtures");
const RAW = readFileSync(path.join(FIXTURES, "seed-callback-body.txt"));
const JSON_TEXT = JSON.stringify(JSON.parse(readFileSync(path.join(FIXTURES, "seed-callback-body.json"), "utf8")));

describe("decodeCallbackBody", () => {
  it("decodes the vendor's body to the fixture's JSON", () => {
    const result = decodeCallbackBody(RAW);
    expect(result.ok && JSON.parse(result.json)).toEqual(JSON.parse(JSON_TEXT));
  });

  it("takes the URL-safe alphabet without padding, and raw JSON", () => {
    const urlSafe = Buffer.from(JSON.stringify({ id: "a", items: [{ cmd: "?>?>", code: 3 }] })).toString("base64url");
    expect(decodeCallbackBody(Buffer.from(urlSafe))).toMatchObject({ ok: true });
    expect(decodeCallbackBody(Buffer.from(`  ${JSON_TEXT}\n`))).toEqual({ ok: true, json: JSON_TEXT });
  });

  it.each([
    ["", "empty"],
    ["%%%not base64%%%", "neither base64 nor JSON"],
    [Buffer.from("hello world").toString("base64"), "not to a JSON object"],
  ])("refuses %j (%s)", (body, message) => {
    const result = decodeCallbackBody(Buffer.from(body));
    expect(!result.ok && result.message).toContain(message);
  });
});
