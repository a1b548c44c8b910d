import { describe, expect, it } from "vitest";
import { crossSiteReason } from "./cross-site";

const request = (method: string, headers: Record<string, string>) => new Request("http://ops.example.com:3000/api/tasks/abc/refresh", { method, headers: { host: "ops.example.com:3000", ...headers } });

describe("crossSiteReason", () => {
  it("lets same-origin requests, and requests from no page at all, through", () => {
    expect(crossSiteReason(request("POST", { "sec-fetch-site": "same-origin" }))).toBeUndefined();
    expect(crossSiteReason(request("POST", { "sec-fetch-site": "none" }))).toBeUndefined();
    expect(crossSiteReason(request("POST", { origin: "http://ops.example.com:3000" }))).toBeUndefined();
    expect(crossSiteReason(request("POST", {}))).toBeUndefined();
    expect(crossSiteReason(request("GET", { "sec-fetch-site": "cross-site" }))).toBeUndefined();
  });

  it("refuses a page on another port or host of the same site", () => {
    expect(crossSiteReason(request("POST", { "sec-fetch-site": "same-site" }))).toMatch(/^origin: a same-site request/);
    expect(crossSiteReason(request("POST", { "sec-fetch-site": "cross-site" }))).toMatch(/^origin: a cross-site request/);
    expect(crossSiteReason(request("DELETE", { origin: "http://ops.example.com:8080" }))).toMatch(/is not this site/);
    expect(crossSiteReason(request("POST", { origin: "null" }))).toMatch(/^origin:/);
  });

  it("compares with the host a proxy forwarded", () => {
    const behindProxy = request("POST", { origin: "https://ops.example.com", "x-forwarded-host": "ops.example.com" });
    expect(crossSiteReason(behindProxy)).toBeUndefined();
  });
});
