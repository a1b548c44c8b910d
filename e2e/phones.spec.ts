import { expect, test } from "@playwright/test";
import { E2E_CALLBACK_KEY } from "./support/e2e-settings";
import { gotoHydrated } from "./support/follow-link";
import { longValuesTask, sendCallback, sidewaysOverflow, uniqueId } from "./support/tasks";
import { postSignedCallback } from "../scripts/test-support/signed-callback";

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

test("no page scrolls sideways at 390 px, whatever the vendor sends", async ({ page, baseURL, browser }) => {
  const appUrl = baseURL ?? "";
  const id = uniqueId("phone");
  await sendCallback(appUrl, longValuesTask(id));
  // A refusal that claims a 300-character AccessKey, for /callbacks.
  const refused = await postSignedCallback({ appUrl, document: { id, code: 3, separate: 0, items: [] }, accessKey: `AK_${"k".repeat(300)}`, secretKey: E2E_CALLBACK_KEY.secretKey });
  expect(refused.status).toBe(401);

  for (const path of ["/", "/tasks", `/tasks?q=${encodeURIComponent("very/long/key")}`, `/tasks/${id}`, `/tasks/${uniqueId("unknown")}`, "/callbacks", "/account", "/audit"]) {
    await gotoHydrated(page, path);
    // Opened, so the hidden parts are measured too.
    for (const summary of await page.locator("summary").all()) await summary.click();
    expect({ path, overflow: await sidewaysOverflow(page) }).toEqual({ path, overflow: 0 });
  }

  const signedOut = await browser.newContext({ viewport: { width: 390, height: 844 }, storageState: { cookies: [], origins: [] } });
  const login = await signedOut.newPage();
  await login.goto(`${appUrl}/login`);
  expect(await sidewaysOverflow(login)).toBe(0);
  await signedOut.close();
});

test("the task list becomes stacked cards on a phone, with the first failure on each", async ({ page, baseURL }) => {
  const id = uniqueId("card");
  await sendCallback(baseURL ?? "", longValuesTask(id));
  await gotoHydrated(page, `/tasks?q=${id}`.replace(`q=${id}`, `q=${encodeURIComponent("very/long/key")}`));
  await expect(page.getByRole("table")).toBeHidden();
  const card = page.getByRole("list", { name: "Tasks" }).getByRole("listitem").filter({ hasText: id });
  await expect(card).toBeVisible();
  await expect(card).toContainText("404 Not Found: https://origin.example.com/path_");
  await expect(card.getByText("Partial")).toBeVisible();
  const box = await card.boundingBox();
  expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(390);
});
