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
    ["/\tevil", "/"],
    ["/login?next=/tasks", "/"],
  ])("%s becomes %s", (input, expected) => {
    expect(safeReturnPath(input)).toBe(expected);
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
