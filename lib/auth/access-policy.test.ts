import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isPublicPath, safeReturnPath, wantsJson } from "./access-policy";

describe("isPublicPath", () => {
  it.each(["/api/fmgr/callback", "/api/health", "/api/ready", "/metrics", "/login", "/_next/static/chunks/app.js", "/favicon.ico"])(
    "lets %s through without a session",
    (path) => expect(isPublicPath(path)).toBe(true),
  );

  it.each(["/", "/tasks", "/tasks/abc", "/callbacks", "/api/tasks", "/api/tasks/x/refresh", "/api/callbacks/rejected", "/api/fmgr/callback/extra", "/login/x", "/api/healthz", "/metrics/"])(
    "requires a session for %s",
    (path) => expect(isPublicPath(path)).toBe(false),
  );

  it("answers API paths with JSON", () => {
    expect(wantsJson("/api/tasks")).toBe(true);
    expect(wantsJson("/tasks")).toBe(false);
    expect(wantsJson("/apix")).toBe(false);
  });
});

describe("safeReturnPath", () => {
  it.each([
    ["/tasks?state=failed&limit=50", "/tasks?state=failed&limit=50"],
    ["/tasks/abc%20def#items", "/tasks/abc%20def#items"],
    [null, "/"],
    ["", "/"],
    ["tasks", "/"],
    ["//evil.example/x", "/"],
    ["/\\evil.example", "/"],
    ["https://evil.example/", "/"],
    ["javascript:alert(1)", "/"],
    ["/\tevil", "/evil"],
    ["/login?next=/tasks", "/"],
    ["/.//evil.example/x", "/"],
    ["/..//evil.example/x", "/"],
    ["/%2e//evil.example/x", "/"],
    ["/%2E%2E//evil.example", "/"],
    ["/./\\evil.example", "/"],
    ["/\t/evil.example", "/"],
    ["/\n/evil.example", "/"],
    ["\\\\evil.example", "/"],
    ["/tasks/./a/../b?q=a%26b", "/tasks/b?q=a%26b"],
  ])("%s becomes %s", (input, expected) => {
    expect(safeReturnPath(input)).toBe(expected);
  });

  it("never leaves the site, whatever dot segments, encodings, slashes and controls it is built from", () => {
    const piece = fc.constantFrom("/", "//", ".", "..", "%2e", "%2E", "%2f", "%5c", "\\", "\t", "\n", "\r", "\u0000", "evil.example", "tasks", "?x=1", "#h", "@", ":", "http:");
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 8 }), (pieces) => {
        const result = safeReturnPath(pieces.join(""));
        expect(result.startsWith("/")).toBe(true);
        expect(result.startsWith("//")).toBe(false);
        expect(result).not.toMatch(/[\u0000-\u001f\\]/);
        for (const base of ["https://dashboard.example", "http://10.0.0.1:3000"]) expect(new URL(result, base).origin).toBe(new URL(base).origin);
      }),
      { numRuns: 5000 },
    );
  });

  it("never leaves the site, whatever it is given", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 60 }), (input) => {
        const result = safeReturnPath(input);
        expect(result.startsWith("/")).toBe(true);
        expect(new URL(result, "https://dashboard.example").origin).toBe("https://dashboard.example");
      }),
      { numRuns: 2000 },
    );
  });
});
