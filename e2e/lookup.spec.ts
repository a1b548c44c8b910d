import { expect, test } from "@playwright/test";
import { setVendorTask } from "./support/e2e-settings";
import { gotoHydrated } from "./support/follow-link";

test("asking the vendor for a pasted id imports the task", async ({ page }) => {
  const id = `ff808081e2e${Date.now()}`;
  await setVendorTask({ id, code: 6, desc: "notification succeeded", separate: 0, items: [{ cmd: "bucket/YQ==/key/Yg==", code: 6 }, { cmd: "bucket/YQ==/key/Yw==", code: 20, error: "file not exist" }] });

  await gotoHydrated(page, "/tasks");
  await page.getByRole("textbox", { name: "persistentId" }).fill(`  ${id}\n`);
  await page.getByRole("button", { name: "Look up" }).click();

  await expect(page.getByText(/2 item\(s\), 1 failed\. Stored\./)).toBeVisible();
  await expect(page.getByText("Partial").first()).toBeVisible();
  await page.reload();
  await expect(page.getByRole("cell", { name: id })).toBeVisible();
});

test("a vendor that does not know the id gives a clear message", async ({ page }) => {
  await gotoHydrated(page, "/tasks");
  await page.getByRole("textbox", { name: "persistentId" }).fill("ff80808100000000000000000000dead");
  await page.getByRole("button", { name: "Look up" }).click();
  await expect(page.getByRole("region", { name: "Ask the vendor" }).getByRole("alert")).toContainText("The vendor refused the lookup (404): persistentId not found");
});

test("an id that cannot be one is refused before any request", async ({ page }) => {
  await gotoHydrated(page, "/tasks");
  await page.getByRole("textbox", { name: "persistentId" }).fill("not an id!");
  await page.getByRole("button", { name: "Look up" }).click();
  await expect(page.getByRole("region", { name: "Ask the vendor" }).getByRole("alert")).toContainText("only letters, digits");
});
