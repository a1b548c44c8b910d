import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeBase64Text, decodeBase64Tolerant, encodeUrlSafeBase64 } from "./base64";

describe("decodeBase64Tolerant", () => {
  it.each(["aGk_Pz8-", "aGk/Pz8+", "aGk_Pz8-", "aGk"])("decodes %s", (text) => {
    expect(decodeBase64Tolerant(text)).not.toBeNull();
  });

  it("decodes URL-safe and standard alphabets, padded or not, to the same bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const standard = Buffer.from(bytes).toString("base64");
        const urlSafe = encodeUrlSafeBase64(Buffer.from(bytes));
        for (const form of [standard, urlSafe, standard.replace(/=+$/, ""), urlSafe.replace(/=+$/, "")]) {
          if (bytes.length === 0) continue;
          expect(decodeBase64Tolerant(form)?.equals(Buffer.from(bytes))).toBe(true);
        }
      }),
    );
  });

  it.each(["", "   ", "a", "abcde", "ab!c", "aGk/Pz8-", "aGk===", "a=bc", "aGl", "aGl=", "{\"id\":1}"])("rejects %j", (text) => {
    expect(decodeBase64Tolerant(text)).toBeNull();
  });
});

describe("decodeBase64Text", () => {
  it("rejects bytes that are not UTF-8", () => {
    expect(decodeBase64Text(encodeUrlSafeBase64(Buffer.from([0xff, 0xfe])))).toBeNull();
    expect(decodeBase64Text(encodeUrlSafeBase64("bucket:ключ/κλειδί"))).toBe("bucket:ключ/κλειδί");
  });
});
