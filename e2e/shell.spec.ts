import { expect, test } from "@playwright/test";
import { followLink, gotoHydrated } from "./support/follow-link";

test("the overview shows the product, the navigation and a count for every state", async ({ page }) => {
  await page.goto("/");

  await expect(page.getByRole("link", { name: "Fmgr Monitor" })).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Overview" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  await expect(page.getByText(/tasks? known to this dashboard/)).toBeVisible();
  for (const state of ["Processing", "Failed", "Partial", "Succeeded", "Pending", "Unknown"]) {
    await expect(page.getByRole("link", { name: new RegExp(state) })).toBeVisible();
  }
  await page.screenshot({ path: "e2e/.artifacts/overview.png", fullPage: true });
});

test("navigation reaches every section and marks where you are", async ({ page }) => {
  await page.goto("/");
  const nav = page.getByRole("navigation", { name: "Main" });

  await followLink(page, nav.getByRole("link", { name: "Tasks" }));
  await expect(page).toHaveURL(/\/tasks$/);
  await expect(page.getByRole("heading", { level: 1, name: "Tasks" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Tasks" })).toHaveAttribute("aria-current", "page");
  await page.screenshot({ path: "e2e/.artifacts/tasks.png", fullPage: true });

  await followLink(page, nav.getByRole("link", { name: "Rejected callbacks" }));
  await expect(page).toHaveURL(/\/callbacks$/);
  await expect(page.getByRole("heading", { level: 1, name: "Rejected callbacks" })).toBeVisible();
  await page.screenshot({ path: "e2e/.artifacts/callbacks.png", fullPage: true });

  await followLink(page, nav.getByRole("link", { name: "Overview" }));
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
});

test("a state card links to the task list filtered by that state", async ({ page }) => {
  await page.goto("/");
  await followLink(page, page.getByRole("link", { name: /Failed/ }));
  await expect(page).toHaveURL(/\/tasks\?state=failed$/);
});

test("an unknown address shows the not-found page inside the shell", async ({ page }) => {
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Not found" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
});

test("every section runs under the Content-Security-Policy without a violation", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(message.text())) violations.push(message.text());
  });
  for (const path of ["/", "/tasks", "/callbacks", "/tasks/ff80808100000000csp0check"]) {
    // Hydration proves Next.js' own scripts ran under the policy's nonce.
    await gotoHydrated(page, path);
  }
  expect(violations).toEqual([]);
});

// "Sign out everywhere" itself is tested over HTTP (lib/auth/sign-in.integration.test.ts):
// here it would end the session every other spec shares.
test("your name in the header opens your sessions, this browser among them", async ({ page }) => {
  await gotoHydrated(page, "/");
  await followLink(page, page.getByRole("link", { name: "ops" }));
  await expect(page.getByRole("heading", { level: 1, name: "Your sessions" })).toBeVisible();
  const sessions = page.getByRole("list", { name: "Active sessions" });
  await expect(sessions.getByText("this browser")).toHaveCount(1);
  await expect(page.getByRole("button", { name: "Sign out everywhere" })).toBeVisible();
  await page.screenshot({ path: "e2e/.artifacts/account.png", fullPage: true });
});
