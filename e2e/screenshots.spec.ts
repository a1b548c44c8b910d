import { expect, test, type Page } from "@playwright/test";
import { E2E_CALLBACK_KEY } from "./support/e2e-settings";
import { gotoHydrated } from "./support/follow-link";
import { longValuesTask, sendCallback, sidewaysOverflow, taskOf, taskShows, uniqueId } from "./support/tasks";
import { postSignedCallback } from "../scripts/test-support/signed-callback";

// Every page at 1440 and 390 px, light and dark, saved for a person to look at
// (e2e/.artifacts/screens). Each is also checked for sideways scroll.
const WIDTHS = [1440, 390] as const;
const SCHEMES = ["light", "dark"] as const;

async function seed(appUrl: string): Promise<{ triage: string; long: string }> {
  const triage = uniqueId("shot");
  await sendCallback(appUrl, taskOf(triage, 40, { bucket: "media-prod", isFailed: (n) => n % 9 === 2, errorOf: (n) => `404 Not Found: http://origin.example.com/campaign/banner_${n}.png` }));
  const long = uniqueId("shotlong");
  await sendCallback(appUrl, longValuesTask(long));
  await sendCallback(appUrl, { id: uniqueId("shotrun"), code: 1, separate: 1, items: [{ cmd: "bucket/YQ==/key/Yg==", code: 1 }] });
  await postSignedCallback({ appUrl, document: { id: triage, code: 3, separate: 0, items: [] }, accessKey: `AK_${"k".repeat(188)}`, secretKey: E2E_CALLBACK_KEY.secretKey });
  await taskShows(triage);
  return { triage, long };
}

async function capture(page: Page, name: string, width: number, scheme: string): Promise<void> {
  expect({ name, overflow: await sidewaysOverflow(page) }).toEqual({ name, overflow: 0 });
  await page.screenshot({ path: `e2e/.artifacts/screens/${name}-${width}-${scheme}.png`, fullPage: true });
}

for (const width of WIDTHS) {
  for (const scheme of SCHEMES) {
    test.describe(`${width} px, ${scheme}`, () => {
      test.use({ viewport: { width, height: 900 }, colorScheme: scheme });

      test("every signed-in page", async ({ page, baseURL }) => {
        test.setTimeout(60_000);
        const { triage, long } = await seed(baseURL ?? "");
        // A retry on the record, for the audit page and the task's retry links.
        expect((await page.request.post(`/api/tasks/${triage}/retry`, { headers: { origin: baseURL ?? "" } })).status()).toBe(200);
        const pages: [string, string][] = [
          ["overview", "/"],
          ["tasks", "/tasks"],
          ["tasks-search", `/tasks?q=${encodeURIComponent("banner_")}`],
          ["task-detail", `/tasks/${triage}`],
          ["task-long-values", `/tasks/${long}`],
          ["task-unknown", `/tasks/${uniqueId("nope")}`],
          ["callbacks", "/callbacks"],
          ["account", "/account"],
          ["audit", "/audit"],
        ];
        for (const [name, path] of pages) {
          await gotoHydrated(page, path);
          if (name === "task-long-values") for (const summary of await page.locator("summary").all()) await summary.click();
          await capture(page, name, width, scheme);
        }
      });

      test.describe("signed out", () => {
        test.use({ storageState: { cookies: [], origins: [] } });
        test("the sign-in page", async ({ page }) => {
          await gotoHydrated(page, "/login");
          await capture(page, "login", width, scheme);
        });
      });
    });
  }
}
