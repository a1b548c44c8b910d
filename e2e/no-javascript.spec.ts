import { expect, test } from "@playwright/test";
import { setVendorTask } from "./support/e2e-settings";
import { sendCallback, taskOf, uniqueId } from "./support/tasks";
import { TEST_USER } from "../scripts/test-support/test-user";

// Forms work as plain forms: before the page hydrates on a busy machine, and with
// JavaScript off.
test.use({ javaScriptEnabled: false });

test("search and filters work without JavaScript", async ({ page, baseURL }) => {
  const id = uniqueId("nojs");
  await sendCallback(baseURL ?? "", taskOf(id, 3, { isFailed: (n) => n === 1 }));
  await page.goto("/tasks");
  await page.getByRole("searchbox", { name: /Search/ }).fill(id.slice(0, 18));
  await page.getByLabel("Operation").selectOption("delete");
  await page.getByLabel("Active since").fill("1h");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(new RegExp(`/tasks\\?q=${id.slice(0, 18)}&op=delete&since=1h$`));
  await expect(page.getByRole("row").filter({ hasText: id })).toBeVisible();

  await page.goto(`/tasks/${id}`);
  await page.getByLabel("Key contains").fill("banner_00001");
  await page.getByRole("button", { name: "Show items" }).click();
  await expect(page).toHaveURL(/\?itemsQ=banner_00001#items-heading$/);
  await expect(page.getByRole("listitem", { name: /^Item / })).toHaveCount(1);
});

test("Ask the vendor and Refresh from vendor work without JavaScript", async ({ page }) => {
  const id = uniqueId("nojsask");
  await setVendorTask({ id, code: 6, separate: 0, items: [{ cmd: "bucket/YQ==/key/Yg==", code: 6 }] });
  await page.goto("/tasks");
  await page.getByRole("textbox", { name: "persistentId" }).fill(id);
  await page.getByRole("button", { name: "Look up" }).click();
  await expect(page.getByText(/1 item\(s\), 0 failed\. Stored\./)).toBeVisible();

  await page.goto(`/tasks/${id}`);
  await expect(page.getByTestId("last-lookup")).toContainText("answered");
  await setVendorTask({ id, code: 6, separate: 0, items: [{ cmd: "bucket/YQ==/key/Yg==", code: 6 }, { cmd: "bucket/YQ==/key/Yw==", code: 20, error: "gone" }] });
  await page.getByRole("button", { name: "Refresh from vendor" }).click();
  await expect(page.getByText("Updated from the vendor.")).toBeVisible();
  await page.goto(`/tasks/${id}`);
  await expect(page.getByText("Error: gone")).toBeVisible();
});

test.describe("signed out", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("sign-in works without JavaScript", async ({ page }) => {
    await page.goto("/tasks");
    await expect(page).toHaveURL(/\/login\?next=%2Ftasks$/);
    await page.getByLabel("User name").fill(TEST_USER.name);
    await page.getByLabel("Password").fill(TEST_USER.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/tasks$/);
    await expect(page.getByTestId("current-user")).toHaveText(TEST_USER.name);
  });
});
