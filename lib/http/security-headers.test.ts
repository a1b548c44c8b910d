import { describe, expect, it } from "vitest";
import { clientAddress } from "./client-address";
import { baseSecurityHeaders, pageContentSecurityPolicy } from "./security-headers";

const directives = (policy: string) => new Map(policy.split("; ").map((directive) => [directive.split(" ")[0], directive]));

describe("the page Content-Security-Policy", () => {
  it("allows scripts by nonce only, and no framing, plugins or base changes", () => {
    const policy = directives(pageContentSecurityPolicy("abc123"));
    expect(policy.get("script-src")).toBe("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(policy.get("object-src")).toBe("object-src 'none'");
    expect(policy.get("base-uri")).toBe("base-uri 'none'");
    expect(policy.get("frame-ancestors")).toBe("frame-ancestors 'none'");
    expect(policy.get("form-action")).toBe("form-action 'self'");
  });

  it("allows eval only in development, for React's debugging aids", () => {
    expect(pageContentSecurityPolicy("n")).not.toContain("unsafe-eval");
    expect(pageContentSecurityPolicy("n", { development: true })).toContain("'unsafe-eval'");
  });
});

describe("the base headers", () => {
  it("send HSTS over https only", () => {
    expect(baseSecurityHeaders({ https: false })).not.toHaveProperty("strict-transport-security");
    expect(baseSecurityHeaders({ https: true })["strict-transport-security"]).toMatch(/^max-age=\d+/);
  });
});

describe("clientAddress", () => {
  it.each([
    [undefined, "unknown"],
    ["203.0.113.9", "203.0.113.9"],
    ["10.0.0.1, 203.0.113.9", "203.0.113.9"],
    ["::ffff:127.0.0.1", "127.0.0.1"],
    [" , ", "unknown"],
  ])("reads %j as %s", (forwarded, expected) => {
    const headers = new Headers(forwarded === undefined ? {} : { "x-forwarded-for": forwarded });
    expect(clientAddress(headers)).toBe(expected);
  });
});
