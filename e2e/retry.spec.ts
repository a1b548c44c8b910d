import { expect, test } from "@playwright/test";
import { gotoHydrated } from "./support/follow-link";
import { deleteCmd, sendCallback, uniqueId } from "./support/tasks";
import { TEST_VIEWER } from "../scripts/test-support/test-user";

async function partialTask(appUrl: string): Promise<string> {
  const id = uniqueId("retry");
  await sendCallback(appUrl, {
    id, code: 2, separate: 0,
    items: [
      { cmd: deleteCmd("media", "old/a.png"), code: 20, error: "404 Not Found" },
      { cmd: deleteCmd("media", "old/b.png"), code: 6 },
      { cmd: deleteCmd("media", "old/c.png"), code: 20, error: "404 Not Found" },
    ],
  });
  return id;
}

test("an operator retries a partial task's failed items and watches the new task succeed", async ({ page, baseURL }) => {
  const id = await partialTask(baseURL ?? "");
  await gotoHydrated(page, `/tasks/${id}`);
  const panel = page.getByRole("region", { name: "Retry 2 failed items at the vendor" });
  await expect(panel).toContainText("Delete: 2 items, as one new vendor task");
  await expect(panel).toContainText("destructive: removes data");
  await page.screenshot({ path: "e2e/.artifacts/retry-confirm.png" });
  await panel.getByRole("button", { name: "Submit to the vendor" }).click();
  const child = panel.getByRole("link", { name: /^ff8080819/ });
  await expect(child).toBeVisible();
  const childId = (await child.textContent()) ?? "";

  // The source lists it, with its live state, once the fake vendor has called back.
  const retried = page.getByRole("list", { name: "Retried as" }).getByRole("listitem").filter({ hasText: childId });
  await expect(retried).toContainText("delete, 2 items, submitted");
  await expect(retried.getByText("Succeeded", { exact: true })).toBeVisible({ timeout: 15_000 });
  // Both items are held by the submission: nothing is left to retry.
  await page.reload();
  await expect(page.getByRole("region", { name: "Retry at the vendor" })).toContainText("No failed item is waiting for a retry");

  await page.goto(`/tasks/${childId}`);
  await expect(page.getByRole("region", { name: "Retries" })).toContainText(`Retry of ${id}`);
  await expect(page.getByRole("region", { name: "Task summary" }).getByText("Succeeded", { exact: true })).toBeVisible();
  await page.screenshot({ path: "e2e/.artifacts/retry-child.png", fullPage: true });
});

test.describe("a viewer", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("sees no retry control, and cannot retry through the API", async ({ page, baseURL }) => {
    const id = await partialTask(baseURL ?? "");
    await gotoHydrated(page, `/login?next=${encodeURIComponent(`/tasks/${id}`)}`);
    await page.getByLabel("User name").fill(TEST_VIEWER.name);
    await page.getByLabel("Password").fill(TEST_VIEWER.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { level: 1, name: id })).toBeVisible();
    await expect(page.getByText("2 failed", { exact: false }).first()).toBeVisible();
    await expect(page.getByRole("region", { name: /Retry/ })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Submit to the vendor" })).toHaveCount(0);
    const response = await page.request.post(`/api/tasks/${id}/retry`, { headers: { origin: baseURL ?? "" } });
    expect(response.status()).toBe(403);
  });
});
