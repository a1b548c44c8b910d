import { describe, expect, it } from "vitest";
import { arrivalUrl } from "./request-url";

describe("arrivalUrl", () => {
  it("uses the Host header the sender used", () => {
    const request = new Request("http://localhost:3000/api/fmgr/callback?env=prod", { headers: { host: "127.0.0.1:3000" } });
    expect(arrivalUrl(request)).toBe("http://127.0.0.1:3000/api/fmgr/callback?env=prod");
  });

  it("prefers what a proxy forwarded", () => {
    const request = new Request("http://localhost:3000/api/fmgr/callback", {
      headers: { host: "10.0.0.5:3000", "x-forwarded-proto": "https, http", "x-forwarded-host": "ops.example.com" },
    });
    expect(arrivalUrl(request)).toBe("https://ops.example.com/api/fmgr/callback");
  });

  it("falls back to request.url when the headers make no URL", () => {
    const request = new Request("http://localhost:3000/x", { headers: { host: "bad host" } });
    expect(arrivalUrl(request)).toBe("http://localhost:3000/x");
  });
});
