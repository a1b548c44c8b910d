import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeUrlSafeBase64 as b64 } from "./base64";
import { decodeCmd, encodeCmd, type DecodedCmd } from "./cmd";

const SEED = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, "fixtures/seed-callback-body.json"), "utf8"),
) as { items: { cmd: string }[] };

describe("decodeCmd", () => {
  it("reads the seed fixture as a copy or move into w-transcode-region105", () => {
    expect(decodeCmd(SEED.items[0]?.cmd ?? "")).toMatchObject({
      op: "copy_or_move",
      source: { bucket: "transcode105", key: "test_src_file_1691978251166.mp4" },
      bucket: "w-transcode-region105",
      key: "test_src_file_1691978251166.mp4",
    });
  });

  it("reads a fetch with its options", () => {
    const cmd = `fetchURL/${b64("http://origin.example.com/a.zip")}/bucket/${b64("media")}/key/${b64("a.zip")}/md5/0cc175b9c0f1b6a831c399e269772661/decompression/zip/fetchTS/1`;
    expect(decodeCmd(cmd)).toMatchObject({
      op: "fetch",
      sourceUrl: "http://origin.example.com/a.zip",
      bucket: "media",
      key: "a.zip",
      options: { md5: "0cc175b9c0f1b6a831c399e269772661", decompression: "zip", fetchTS: "1" },
    });
  });

  it("tells a delete from an m3u8 delete", () => {
    expect(decodeCmd(`bucket/${b64("b")}/key/${b64("a.mp4")}`).op).toBe("delete");
    expect(decodeCmd(`bucket/${b64("b")}/key/${b64("live/index.m3u8")}/deletets/1`)).toMatchObject({
      op: "delete_m3u8",
      options: { deletets: "1" },
    });
  });

  it("reads delete by prefix with an output, compress, and retention", () => {
    expect(decodeCmd(`bucket/${b64("logs")}/prefix/${b64("2024/")}/output/${b64("reports:deleted.txt")}`)).toMatchObject({
      op: "delete_prefix",
      prefix: "2024/",
      target: { bucket: "reports", key: "deleted.txt" },
    });
    expect(decodeCmd(`bucket/${b64("b")}/keys/${b64("a.txt")}|${b64("b.txt")}/saveas/${b64("out:all.zip")}`)).toMatchObject({
      op: "compress",
      keys: ["a.txt", "b.txt"],
      target: { bucket: "out", key: "all.zip" },
    });
    expect(decodeCmd(`bucket/${b64("b")}/prefix/${b64("tmp/")}/deadline/30`)).toMatchObject({
      op: "retention",
      prefix: "tmp/",
      options: { deadline: "30" },
    });
    expect(decodeCmd(`bucket/${b64("b")}/deleteAfterDays/7`)).toMatchObject({ op: "retention", options: { deleteAfterDays: "7" } });
  });

  it.each(["", "garbage", "bucket", "bucket/!!!/key/abc", "bucket/YQ==/bucket/Yg==", "resource/YQ==", "wat/YQ==/bucket/Yg==", "bucket/YQ==/keys/YQ=="])(
    "gives %j back raw as unknown",
    (raw) => {
      expect(decodeCmd(raw)).toMatchObject({ op: "unknown", raw, bucket: null });
    },
  );

  it("never throws, whatever the string", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.array(fc.constantFrom("bucket", "key", "YQ==", "/", "|", "%", "=="), { maxLength: 12 }).map((parts) => parts.join("/"))), (raw) => {
        const decoded = decodeCmd(raw);
        return decoded.raw === raw;
      }),
    );
  });
});

const text = fc.string({ minLength: 1, maxLength: 30 }).filter((value) => !value.includes(":"));
const keyText = fc.string({ minLength: 1, maxLength: 30 }).filter((value) => !/\.m3u8$/i.test(value));
const ref = fc.record({ bucket: text, key: fc.string({ minLength: 1, maxLength: 30 }) });
const digits = fc.integer({ min: 0, max: 3650 }).map(String);
const none = { bucket: null, key: null, prefix: null, sourceUrl: null, source: null, target: null, keys: [], options: {} };

const withMd5 = (md5: string | undefined): Record<string, string> => (md5 === undefined ? {} : { md5 });

const forms: fc.Arbitrary<Omit<DecodedCmd, "raw">>[] = [
  fc.record({ bucket: text, key: fc.option(keyText, { nil: null }), url: fc.webUrl(), md5: fc.option(fc.stringMatching(/^[0-9a-f]{32}$/), { nil: undefined }) }).map(({ bucket, key, url, md5 }) => ({
    ...none, op: "fetch" as const, bucket, key, sourceUrl: url, options: withMd5(md5),
  })),
  fc.record({ source: ref, bucket: text, key: fc.option(keyText, { nil: null }) }).map(({ source, bucket, key }) => ({ ...none, op: "copy_or_move" as const, source, bucket, key })),
  fc.record({ bucket: text, key: keyText }).map(({ bucket, key }) => ({ ...none, op: "delete" as const, bucket, key })),
  fc.record({ bucket: text, key: text, deletets: fc.constantFrom("0", "1") }).map(({ bucket, key, deletets }) => ({ ...none, op: "delete_m3u8" as const, bucket, key, options: { deletets } })),
  fc.record({ bucket: text, prefix: text, target: fc.option(ref, { nil: null }) }).map(({ bucket, prefix, target }) => ({ ...none, op: "delete_prefix" as const, bucket, prefix, target })),
  fc.record({ bucket: text, keys: fc.array(text, { minLength: 1, maxLength: 5 }), target: ref }).map(({ bucket, keys, target }) => ({ ...none, op: "compress" as const, bucket, keys, target })),
  fc.record({ bucket: text, prefix: fc.option(text, { nil: null }), days: digits }).map(({ bucket, prefix, days }) => ({ ...none, op: "retention" as const, bucket, prefix, options: { deadline: days } })),
];

describe("encodeCmd and decodeCmd", () => {
  it("round-trip every operation form", () => {
    fc.assert(
      fc.property(fc.oneof(...forms), (description) => {
        if (description.op === "unknown") return true;
        const raw = encodeCmd({ ...description, op: description.op });
        expect(decodeCmd(raw)).toEqual({ ...description, raw });
      }),
      { numRuns: 300 },
    );
  });
});
