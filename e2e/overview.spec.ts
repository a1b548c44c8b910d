import { expect, test } from "@playwright/test";
import { followLink } from "./support/follow-link";
import { sendCallback } from "./support/tasks";

test("the overview lists failed tasks for attention and charts the callbacks of the day", async ({ page, baseURL }) => {
  const id = `ff808081att${Date.now()}`;
  await sendCallback(baseURL ?? "", { id, code: 2, separate: 0, items: [{ cmd: "bucket/YQ==/key/Yg==", code: 20, error: "file not exist" }] });

  await page.goto("/");
  const attention = page.getByRole("region", { name: "Needs attention" });
  const entry = attention.getByRole("listitem").filter({ hasText: id });
  await expect(entry).toContainText("Failed");
  await expect(entry).toContainText("1 of 1 failed");
  await expect(page.getByRole("figure")).toContainText(/[1-9][\d,]* stored/);
  await followLink(page, entry.getByRole("link", { name: id }));
  await expect(page.getByRole("heading", { level: 1, name: id })).toBeVisible();
});
