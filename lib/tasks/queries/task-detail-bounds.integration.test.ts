// What the vendor sends cannot blow up the detail answer or the page: a signed 8 KB
// callback that nests 3,000 arrays in an unknown field once made an 18 MB API answer and a
// 36 MB page (the decoded JSON was indented in full). Needs `npm run build` first.
import { describe, expect, it } from "vitest";
import type { AppServer } from "@/scripts/test-support/app-server";
import { postSignedCallback } from "@/scripts/test-support/signed-callback";
import { setUpTestApp } from "@/scripts/test-support/vitest-app";

const ID = "ff808081deep000000000000000000001";
const MEGABYTE = 1024 * 1024;
let app: AppServer;

setUpTestApp("bounds", { LOG_LEVEL: "error" }, (started) => (app = started.app));

describe("a callback nested 3,000 levels deep", () => {
  it("is stored whole, and the detail answer and the page each stay under 1 MB", async () => {
    const deep = JSON.parse(`${"[".repeat(3_000)}"bottom"${"]".repeat(3_000)}`) as unknown;
    const document = { id: ID, code: 3, separate: 0, items: [{ cmd: "bucket/YQ==/key/Yg==", code: 3 }], extra: deep };
    const sent = await postSignedCallback({ appUrl: app.url, document });
    expect(sent.status).toBe(200);

    const api = await app.signedInFetch(`/api/tasks/${ID}`);
    const text = await api.text();
    expect(api.status).toBe(200);
    expect(text.length).toBeLessThan(MEGABYTE);
    const detail = JSON.parse(text) as { events: { raw: string; decodedText: string; decodedIsCapped: boolean }[] };
    expect(detail.events[0]?.decodedIsCapped).toBe(true);
    expect(detail.events[0]?.decodedText).toContain("see the raw payload");
    // The raw payload, one click away on the page, still has every level.
    expect(Buffer.from(detail.events[0]?.raw ?? "", "base64url").toString()).toContain('"bottom"');

    const page = await app.signedInFetch(`/tasks/${ID}`);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html.length).toBeLessThan(MEGABYTE);
    console.log(`deep document: API answer ${(text.length / 1024).toFixed(0)} KB, page ${(html.length / 1024).toFixed(0)} KB`);
  });
});
