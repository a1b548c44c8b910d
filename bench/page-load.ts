// Pages as a person opens them, in Debian's Chromium: the time from navigation to the
// load event and to network idle (Playwright's: no request for 500 ms, so that window is
// inside the figure), with every request the page made counted.
import { chromium } from "@playwright/test";
import type { AppServer } from "../scripts/test-support/app-server";
import { ms, summarize } from "./stats";

const SAMPLES = 10;

export type PageLoadResult = { name: string; path: string; loadP50: number; idleP50: number; idleP95: number; requests: number };

export async function measurePageLoads(app: AppServer, pages: { name: string; path: string }[], log: (line: string) => void): Promise<PageLoadResult[]> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"],
  });
  const [name, ...rest] = (await app.sessionCookie()).split("=");
  const results: PageLoadResult[] = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await context.addCookies([{ name: name ?? "", value: rest.join("="), url: app.url }]);
    for (const target of pages) {
      const loads: number[] = [];
      const idles: number[] = [];
      let requests = 0;
      for (let sample = -2; sample < SAMPLES; sample++) {
        const page = await context.newPage();
        let seen = 0;
        page.on("request", () => (seen += 1));
        const started = performance.now();
        const loaded = page.waitForEvent("load").then(() => performance.now() - started);
        await page.goto(`${app.url}${target.path}`, { waitUntil: "networkidle" });
        const idle = performance.now() - started;
        if (sample >= 0) {
          loads.push(await loaded);
          idles.push(idle);
          requests = seen;
        }
        await page.close();
      }
      const load = summarize(loads);
      const idle = summarize(idles);
      results.push({ name: target.name, path: target.path, loadP50: load.p50, idleP50: idle.p50, idleP95: idle.p95, requests });
      log(`  ${target.name.padEnd(48)} load p50 ${ms(load.p50).padStart(10)}  network idle p50 ${ms(idle.p50).padStart(10)}  p95 ${ms(idle.p95).padStart(10)}  ${requests} requests`);
    }
  } finally {
    await browser.close();
  }
  return results;
}
