import { expect, test } from "@playwright/test";
import { followLink } from "./support/follow-link";
import { sendCallback } from "./support/tasks";

async function sendCallbacks(appUrl: string, ids: string[], itemCode: number): Promise<void> {
  for (const id of ids) {
    await sendCallback(appUrl, { id, code: 3, separate: 0, items: [{ cmd: "bucket/YQ==/key/Yg==", code: itemCode }] });
  }
}

test("a pasted persistentId lands on its task", async ({ page, baseURL }) => {
  const id = `ff808081paste${Date.now()}`;
  await sendCallbacks(baseURL ?? "", [id], 6);
  await page.goto("/tasks");
  const search = page.getByRole("searchbox", { name: /Search/ });
  // The shortcut exists once the page has hydrated; a "/" pressed before that does nothing.
  await expect(async () => {
    await page.keyboard.press("/");
    await expect(search).toBeFocused({ timeout: 500 });
  }).toPass();
  await page.keyboard.insertText(`  ${id} \n`);
  // Waits for the navigation itself, however long a busy machine makes it take.
  await Promise.all([page.waitForURL(new RegExp(`/tasks/${id}$`)), page.keyboard.press("Enter")]);
  await expect(page.getByRole("heading", { level: 1, name: id })).toBeVisible();
});

test("filtering by state pages through every task once", async ({ page, baseURL }) => {
  test.setTimeout(90_000);
  const run = `pg${Date.now()}`;
  const failed = Array.from({ length: 30 }, (_, n) => `${run}_f${String(n).padStart(2, "0")}`);
  await sendCallbacks(baseURL ?? "", failed, 20);
  await sendCallbacks(baseURL ?? "", [`${run}_ok1`, `${run}_ok2`], 6);

  await page.goto(`/tasks?q=${run}&limit=12`);
  await followLink(page, page.getByRole("navigation", { name: "Filter by state" }).getByRole("link", { name: /^Failed/ }));
  await expect(page).toHaveURL(/state=failed/);

  const seen: string[] = [];
  let pages = 0;
  const idLinks = page.getByRole("row").locator("td:first-child a");
  for (;;) {
    pages += 1;
    await expect(idLinks.first()).toBeVisible();
    const ids = await idLinks.allTextContents();
    seen.push(...ids);
    const older = page.getByRole("link", { name: "Older tasks" });
    if ((await older.count()) === 0) break;
    // Wait for the next page itself, not just any URL with a cursor in it.
    await followLink(page, older);
    await expect(idLinks.first()).not.toHaveText(ids[0] ?? "");
  }
  expect(pages).toBe(3);
  expect(seen).toHaveLength(30);
  expect(new Set(seen)).toEqual(new Set(failed));
  expect(seen).toEqual([...failed].reverse());
  await page.screenshot({ path: "e2e/.artifacts/tasks-filtered.png", fullPage: true });
});

test("a callback that arrives while the list is open appears without a reload", async ({ page, baseURL }) => {
  const run = `live${Date.now()}`;
  await sendCallbacks(baseURL ?? "", [`${run}_a`], 6);
  await page.goto(`/tasks?q=${run}`);
  await expect(page.getByRole("link", { name: `${run}_a` })).toBeVisible();
  await expect(page.getByText(/Live, every 5 s/)).toBeVisible();

  await sendCallbacks(baseURL ?? "", [`${run}_b`], 20);
  await expect(page.getByRole("link", { name: `${run}_b` })).toBeVisible({ timeout: 15_000 });
});
