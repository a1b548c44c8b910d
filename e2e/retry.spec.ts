import { expect, test } from "@playwright/test";
import { gotoHydrated } from "./support/follow-link";
import { deleteCmd, sendCallback, uniqueId } from "./support/tasks";
import { TEST_VIEWER } from "../scripts/test-support/test-user";

async function partialTask(appUrl: string, label = "retry"): Promise<string> {
  const id = uniqueId(label);
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

test("an operator retries the failed items of every task a filter matches: dry run, then progress", async ({ page, baseURL }) => {
  // Their own prefix: no other test's task may match the filter.
  const ids = [await partialTask(baseURL ?? "", "bulk"), await partialTask(baseURL ?? "", "bulk")];
  const prefix = "ff808081bulk";
  await gotoHydrated(page, `/tasks?q=${prefix}&retried=no`);
  await expect(page.getByRole("row").filter({ hasText: ids[0] })).toBeVisible();
  const panel = page.getByRole("region", { name: "Retry at the vendor" });
  await panel.getByRole("button", { name: "Dry run" }).click();
  await expect(panel).toContainText(/Retry the failed items of these \d+ tasks: \d+ items\./);
  await expect(panel).toContainText("destructive: removes data");
  await expect(panel).toContainText("at most 500 items each");
  await panel.getByRole("button", { name: /^Submit \d+ tasks? to the vendor$/ }).click();
  await expect(panel).toContainText(/Done: (\d+) of \1 tasks\./, { timeout: 30_000 });
  for (const id of ids) await expect(panel.getByRole("listitem").filter({ hasText: id })).toContainText("submitted as ff8080819");
  await page.screenshot({ path: "e2e/.artifacts/retry-bulk.png", fullPage: true });
  await page.reload();
  for (const id of ids) await expect(page.getByRole("row").filter({ hasText: id })).toHaveCount(0);
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
