import { describe, expect, it } from "vitest";
import { arrivalUrl, malformedPathReason } from "./request-url";

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

describe("malformedPathReason", () => {
  it.each(["/api/tasks/%FF", "/tasks/%E0%A4%A", "/%"])("refuses %s as broken percent-encoding", (path) => {
    expect(malformedPathReason(path)).toMatch(/percent-encoding/);
  });

  it.each(["/api/tasks/%00", "/tasks/a%0Ab", "/x%7F"])("refuses %s for its control characters", (path) => {
    expect(malformedPathReason(path)).toMatch(/control characters/);
  });

  it.each(["/", "/tasks/ff808081", "/tasks/a%20b", "/api/tasks?q=%00"])("lets %s through", (path) => {
    expect(malformedPathReason(path.split("?")[0] ?? path)).toBeUndefined();
  });
});
