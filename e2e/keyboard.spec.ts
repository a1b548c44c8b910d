import { expect, test } from "@playwright/test";
import { gotoHydrated } from "./support/follow-link";
import { sendCallback, taskOf, uniqueId } from "./support/tasks";

test("/ focuses a search from every page", async ({ page, baseURL }) => {
  const id = uniqueId("slash");
  await sendCallback(baseURL ?? "", taskOf(id, 1));
  for (const path of ["/", "/tasks", `/tasks/${id}`, "/callbacks", "/account", "/audit"]) {
    await gotoHydrated(page, path);
    await page.keyboard.press("/");
    await expect(page.locator("input[data-search]")).toBeFocused();
  }
  // From the header on a page without its own search: it searches the task list.
  await gotoHydrated(page, "/callbacks");
  await page.keyboard.press("/");
  await page.keyboard.insertText(id);
  await Promise.all([page.waitForURL(new RegExp(`/tasks/${id}$`)), page.keyboard.press("Enter")]);
});

test("the filters take one Tab stop each, and a search puts focus on its results", async ({ page, baseURL }) => {
  const run = `kb${Date.now()}`;
  await sendCallback(baseURL ?? "", taskOf(uniqueId(run), 1));
  await gotoHydrated(page, "/tasks");
  await page.keyboard.press("/");
  const stops: string[] = [];
  for (let n = 0; n < 6; n++) {
    await page.keyboard.press("Tab");
    stops.push(await page.evaluate(() => {
      const element = document.activeElement as HTMLInputElement | null;
      return element?.name || element?.textContent?.trim() || element?.tagName || "";
    }));
  }
  expect(stops).toEqual(["op", "since", "until", "retried", "Apply", "Clear"]);

  await page.keyboard.press("/");
  await page.keyboard.insertText(`ff808081${run}`);
  await page.getByRole("searchbox", { name: /Search/ }).press("Enter");
  await expect(page.getByRole("heading", { name: /^1 task$/ })).toBeFocused();
});

test("a time filter takes a span back from now or a UTC time, typed", async ({ page, baseURL }) => {
  const id = uniqueId("since");
  await sendCallback(baseURL ?? "", taskOf(id, 1));
  await gotoHydrated(page, "/tasks");
  await page.getByLabel("Active since").fill("30m");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/\/tasks\?since=30m$/);
  await expect(page.getByRole("row").filter({ hasText: id })).toBeVisible();
  await page.getByLabel("Active since").fill("2000-01-01 00:00");
  await page.getByLabel("until").fill("2000-01-02 00:00");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByRole("heading", { name: "No tasks" })).toBeVisible();
  await page.getByLabel("Active since").fill("yesterday");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("since: must be an ISO 8601 time");
});
