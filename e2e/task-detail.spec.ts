import { expect, test } from "@playwright/test";
import { gotoHydrated } from "./support/follow-link";
import { setVendorTask } from "./support/e2e-settings";
import { sendCallback, uniqueId } from "./support/tasks";


test("vendor strings are shown as text, and only http(s) URLs become links", async ({ page, baseURL }) => {
  const id = uniqueId("xss");
  await sendCallback(baseURL ?? "", {
    id, code: 2, separate: 0,
    items: [
      { cmd: "bucket/YQ==/key/Yg==", code: 6, url: "javascript:alert(document.cookie)", hash: "h1", fsize: 6437836 },
      { cmd: "bucket/YQ==/key/Yw==", code: 20, error: "<script>window.__pwned = true</script> file not exist", url: "https://cdn.example.com/c" },
    ],
  });

  await page.goto(`/tasks/${id}`);
  const first = page.getByRole("listitem", { name: "Item 1" });
  await first.getByText("Details").click();
  await expect(first.getByText("javascript:alert(document.cookie)")).toBeVisible();
  await expect(first.getByRole("link")).toHaveCount(0);
  await expect(first.getByText("6.14 MiB (6,437,836 bytes)")).toBeVisible();
  const second = page.getByRole("listitem", { name: "Item 2" });
  await expect(second.getByText("<script>window.__pwned = true</script> file not exist")).toBeVisible();
  await second.getByText("Details").click();
  await expect(second.getByRole("link", { name: "https://cdn.example.com/c" })).toHaveAttribute("rel", "noopener noreferrer");
  expect(await page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned)).toBeUndefined();
  await page.screenshot({ path: "e2e/.artifacts/task-detail.png", fullPage: true });
});

test("refresh from the vendor updates the page; a vendor error is shown as a message", async ({ page, baseURL }) => {
  const id = uniqueId("ref");
  await sendCallback(baseURL ?? "", { id, code: 1, separate: 1, items: [{ cmd: "bucket/YQ==/key/Yg==", code: 6 }] });

  await gotoHydrated(page, `/tasks/${id}`);
  await expect(page.getByRole("region", { name: "Task summary" }).getByText("Processing", { exact: true })).toBeVisible();

  await page.getByRole("button", { name: "Refresh from vendor" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "persistentId not found" })).toBeVisible();

  await setVendorTask({ id, code: 6, separate: 1, items: [{ cmd: "bucket/YQ==/key/Yg==", code: 6 }, { cmd: "bucket/YQ==/key/Yw==", code: 20, error: "no permission" }] });
  await page.getByRole("button", { name: "Refresh from vendor" }).click();
  await expect(page.getByText("Updated from the vendor.")).toBeVisible();
  const summary = page.getByRole("region", { name: "Task summary" });
  await expect(summary.getByText("Partial", { exact: true })).toBeVisible();
  await expect(summary.getByText("6 · notification succeeded")).toBeVisible();
  await expect(page.getByText("Error: no permission")).toBeVisible();
  await expect(page.getByText("Lookup", { exact: true })).toBeVisible();
});

test("an id the dashboard does not know offers to ask the vendor", async ({ page }) => {
  const id = uniqueId("new");
  await setVendorTask({ id, code: 6, separate: 0, items: [{ cmd: "bucket/YQ==/key/Yg==", code: 6 }] });
  await gotoHydrated(page, `/tasks/${id}`);
  await expect(page.getByRole("heading", { name: "Task not known here" })).toBeVisible();
  await page.getByRole("button", { name: "Look up" }).click();
  await page.getByRole("link", { name: "Open the task" }).click();
  await expect(page.getByRole("heading", { level: 1, name: id })).toBeVisible();
});
