import { expect, test } from "@playwright/test";
import { gotoHydrated } from "./support/follow-link";
import { sendCallback, taskOf, uniqueId } from "./support/tasks";

test.use({ timezoneId: "Asia/Shanghai" });

test("times read as UTC, local or relative, chosen without hover and remembered", async ({ page, baseURL }) => {
  const id = uniqueId("time");
  await sendCallback(baseURL ?? "", taskOf(id, 1));
  await gotoHydrated(page, `/tasks/${id}`);
  const firstSeen = page.getByRole("region", { name: "Task summary" }).locator("time").first();
  await expect(firstSeen).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/);

  await page.getByRole("combobox", { name: "Times" }).selectOption("local");
  await expect(firstSeen).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} Asia\/Shanghai$/);
  await page.getByRole("combobox", { name: "Times" }).selectOption("relative");
  await expect(firstSeen).toHaveText(/(now|seconds? ago|minutes? ago)$/);

  await gotoHydrated(page, "/tasks");
  await expect(page.getByRole("combobox", { name: "Times" })).toHaveValue("relative");
  await expect(page.getByRole("row").filter({ hasText: id }).locator("time")).toHaveText(/ago|now/);
  await page.getByRole("combobox", { name: "Times" }).selectOption("utc");
});

test("state counts refresh with the list, at the interval chosen, and the choice is remembered", async ({ page, baseURL }) => {
  await gotoHydrated(page, "/tasks");
  const failed = page.getByTestId("facet-failed");
  const before = Number((await failed.textContent())?.replace(/,/g, ""));
  await sendCallback(baseURL ?? "", taskOf(uniqueId("count"), 1, { isFailed: () => true }));
  await expect(failed).not.toHaveText(before.toLocaleString("en"), { timeout: 15_000 });

  const refresh = page.getByRole("combobox", { name: "Refresh" });
  await expect(refresh.locator("option")).toHaveText(["Off", "5 s", "30 s", "1 min"]);
  await refresh.selectOption("off");
  await expect(page.getByText(/Live updates off/)).toBeVisible();
  const paused = await failed.textContent();
  await sendCallback(baseURL ?? "", taskOf(uniqueId("paused"), 1, { isFailed: () => true }));
  // Nothing may happen: waiting past one 5 s interval is the only way to see it didn't.
  await page.waitForTimeout(6_000);
  await expect(failed).toHaveText(paused ?? "");

  await page.reload();
  await expect(page.getByRole("combobox", { name: "Refresh" })).toHaveValue("off");
  await page.getByRole("combobox", { name: "Refresh" }).selectOption("5");
});

test("the overview refreshes its counts and its attention list by itself", async ({ page, baseURL }) => {
  await gotoHydrated(page, "/");
  const failed = page.getByTestId("count-failed");
  const before = await failed.textContent();
  const id = uniqueId("ovr");
  await sendCallback(baseURL ?? "", taskOf(id, 1, { isFailed: () => true }));
  await expect(failed).not.toHaveText(before ?? "", { timeout: 15_000 });
  await expect(page.getByRole("region", { name: "Needs attention" })).toContainText(id);
});
