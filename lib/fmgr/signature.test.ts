import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeSignature, hmacSha1HexBase64, signCallback, urlCandidates, verifyCallbackSignature } from "./signature";

const FIXTURES = path.resolve(import.meta.dirname, "fixtures");
const SEED_BODY = readFileSync(path.join(FIXTURES, "seed-callback-body.txt"));
const KEYS = new Map([["AK_example_0001", "SK_example_secret_0001"]]);
const VECTOR_URL = "https://ops.example.com/api/fmgr/callback?env=prod";

describe("computeSignature: the test vectors of docs/protocol.md", () => {
  it.each([
    ["key", "The quick brown fox jumps over the lazy dog", "ZGU3YzliODViOGI3OGFhNmJjOGE3YTM2ZjcwYTkwNzAxYzlkYjRkOQ=="],
    ["Blog", "/2017/08/09/reconstructionism-poet-keep-secret/\n", "MDE2ZWM0MzY0M2RjN2YwZDA5YjFkMmY3OGVkNjdhYjIyMWZkODdjMQ=="],
  ])("HMAC-SHA1 hex then URL-safe base64 (key %s)", (key, data, expected) => {
    expect(hmacSha1HexBase64(key, data)).toBe(expected);
  });

  it("signs the seed body as is", () => {
    expect(signCallback({ accessKey: "AK_example_0001", secretKey: "SK_example_secret_0001", url: VECTOR_URL, body: SEED_BODY })).toBe(
      "AK_example_0001:NDdiOTFhNjJlNzZiZDE1ZTUzZGZlMzQwZGUzMGYxYjZkOGNkOGIwMw==",
    );
    expect(SEED_BODY.length).toBe(652);
  });

  it("signs the seed body encoded once more", () => {
    const encoded = SEED_BODY.toString("base64").replace(/\+/g, "-").replace(/\//g, "_");
    expect(computeSignature("SK_example_secret_0001", VECTOR_URL, encoded)).toBe(
      "ODBkNDUxZTA3YmZiOGUzNGFhMTdjZWI5MTM0ZGMxZjRiNTEzNDU0YQ==",
    );
  });
});

describe("verifyCallbackSignature", () => {
  const verify = (authorization: string | undefined, overrides: { url?: string; configuredUrl?: string; body?: Buffer } = {}) =>
    verifyCallbackSignature({
      authorization,
      rawBody: overrides.body ?? SEED_BODY,
      requestUrl: overrides.url ?? "http://10.0.0.5:3000/api/fmgr/callback?env=prod",
      configuredUrl: "configuredUrl" in overrides ? overrides.configuredUrl : VECTOR_URL,
      keys: KEYS,
    });

  it("accepts both test vectors and says which candidate matched", () => {
    expect(verify("AK_example_0001:NDdiOTFhNjJlNzZiZDE1ZTUzZGZlMzQwZGUzMGYxYjZkOGNkOGIwMw==")).toEqual({
      ok: true,
      accessKey: "AK_example_0001",
      candidate: "configured-url+raw-body",
    });
    expect(verify("AK_example_0001:ODBkNDUxZTA3YmZiOGUzNGFhMTdjZWI5MTM0ZGMxZjRiNTEzNDU0YQ==")).toMatchObject({
      ok: true,
      candidate: "configured-url+encoded-body",
    });
  });

  it("accepts the signature without padding or in the standard alphabet", () => {
    expect(verify("AK_example_0001:NDdiOTFhNjJlNzZiZDE1ZTUzZGZlMzQwZGUzMGYxYjZkOGNkOGIwMw")).toMatchObject({ ok: true });
  });

  it("without a configured notifyURL, takes the URL the request arrived at, and its path and query", () => {
    const arrivedAt = "http://internal:3000/api/fmgr/callback?env=prod";
    const byRequestUrl = signCallback({ accessKey: "AK_example_0001", secretKey: "SK_example_secret_0001", url: arrivedAt, body: SEED_BODY });
    expect(verify(byRequestUrl, { url: arrivedAt, configuredUrl: undefined })).toMatchObject({ ok: true, candidate: "request-url+raw-body" });
    const byPath = signCallback({ accessKey: "AK_example_0001", secretKey: "SK_example_secret_0001", url: "/api/fmgr/callback?env=prod", body: SEED_BODY });
    expect(verify(byPath, { url: arrivedAt, configuredUrl: undefined })).toMatchObject({ ok: true, candidate: "path-and-query+raw-body" });
  });

  it("with a configured notifyURL, takes that URL and its path and query only", () => {
    const sign = (url: string) => signCallback({ accessKey: "AK_example_0001", secretKey: "SK_example_secret_0001", url, body: SEED_BODY });
    expect(verify(sign("/api/fmgr/callback?env=prod"))).toMatchObject({ ok: true, candidate: "path-and-query+raw-body" });
    // Signed for staging, and sent here dressed up as staging: the arrival URL no longer counts.
    const staging = "https://staging.other.example/api/fmgr/callback?env=prod";
    expect(verify(sign(staging), { url: staging })).toMatchObject({ ok: false, reason: "signature_mismatch" });
    const arrivedAt = "http://internal:3000/api/fmgr/callback?env=prod";
    expect(verify(sign(arrivedAt), { url: arrivedAt })).toMatchObject({ ok: false, reason: "signature_mismatch" });
    expect(urlCandidates(staging, VECTOR_URL)).toEqual([
      ["configured-url", VECTOR_URL],
      ["path-and-query", "/api/fmgr/callback?env=prod"],
    ]);
  });

  it.each([
    [undefined, "missing_signature"],
    ["", "missing_signature"],
    ["NDdiOTFhNjJlNzZiZDE1ZTUzZGZlMzQwZGUzMGYxYjZkOGNkOGIwMw==", "malformed_signature"],
    ["AK_example_0001:", "malformed_signature"],
    ["AK_example_0001:not base64!", "malformed_signature"],
    ["Bearer AK_example_0001:NDdiOTFhNjJlNzZiZDE1ZTUzZGZlMzQwZGUzMGYxYjZkOGNkOGIwMw==", "malformed_signature"],
    ["AK_other:NDdiOTFhNjJlNzZiZDE1ZTUzZGZlMzQwZGUzMGYxYjZkOGNkOGIwMw==", "unknown_key"],
    ["AK_example_0001:ZGU3YzliODViOGI3OGFhNmJjOGE3YTM2ZjcwYTkwNzAxYzlkYjRkOQ==", "signature_mismatch"],
    ["AK_example_0001:c2hvcnQ=", "signature_mismatch"],
  ])("refuses %j as %s", (header, reason) => {
    expect(verify(header)).toMatchObject({ ok: false, reason });
  });

  it("names the claimed AccessKey for an unknown key, never a secret", () => {
    const verdict = verify("AK_other:NDdiOTFhNjJlNzZiZDE1ZTUzZGZlMzQwZGUzMGYxYjZkOGNkOGIwMw==");
    expect(verdict).toMatchObject({ ok: false, accessKey: "AK_other" });
    expect(JSON.stringify(verdict)).not.toContain("SK_example_secret_0001");
  });
});

describe("sign then verify (properties)", () => {
  const accessKey = fc.stringMatching(/^[A-Za-z0-9_]{1,40}$/);
  const secretKey = fc.string({ minLength: 1, maxLength: 64 });
  const url = fc.webUrl({ withQueryParameters: true });
  const body = fc.uint8Array({ maxLength: 512 }).map((bytes) => Buffer.from(bytes));

  it("verifies whatever was signed", () => {
    fc.assert(
      fc.property(accessKey, secretKey, url, body, (ak, sk, u, b) => {
        const authorization = signCallback({ accessKey: ak, secretKey: sk, url: new URL(u).href, body: b });
        const verdict = verifyCallbackSignature({ authorization, rawBody: b, requestUrl: u, keys: new Map([[ak, sk]]) });
        return verdict.ok;
      }),
    );
  });

  it("refuses after any byte of the header, the body or the URL changes", () => {
    fc.assert(
      fc.property(accessKey, secretKey, url, body, fc.nat(), fc.constantFrom("header", "body", "url"), (ak, sk, u, b, at, what) => {
        const href = new URL(u).href;
        const authorization = signCallback({ accessKey: ak, secretKey: sk, url: href, body: b });
        const keys = new Map([[ak, sk]]);
        if (what === "body") {
          const changed = Buffer.concat([b, Buffer.alloc(b.length === 0 ? 1 : 0)]);
          changed[at % changed.length] = ((changed[at % changed.length] ?? 0) + 1) % 256;
          return !verifyCallbackSignature({ authorization, rawBody: changed, requestUrl: href, keys }).ok;
        }
        if (what === "url") {
          const changedUrl = new URL(href);
          changedUrl.pathname += "x";
          return !verifyCallbackSignature({ authorization, rawBody: b, requestUrl: changedUrl.href, keys }).ok;
        }
        const signature = authorization.slice(ak.length + 1).replace(/=+$/, "");
        const index = at % signature.length;
        const swapped = signature[index] === "A" ? "B" : "A";
        const changedHeader = `${ak}:${signature.slice(0, index)}${swapped}${signature.slice(index + 1)}`;
        return !verifyCallbackSignature({ authorization: changedHeader, rawBody: b, requestUrl: href, keys }).ok;
      }),
    );
  });
});
