import { expect, test } from "@playwright/test";
import { gotoHydrated } from "./support/follow-link";
import { TEST_USER } from "../scripts/test-support/test-user";

// A browser that has never signed in.
test.use({ storageState: { cookies: [], origins: [] } });

test("a deep link asks for sign-in, then opens where it pointed; sign-out ends the session", async ({ page }) => {
  await page.goto("/tasks?state=failed");
  await expect(page).toHaveURL(/\/login\?next=%2Ftasks%3Fstate%3Dfailed$/);
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" })).toHaveCount(0);
  await expect(page.locator("html[data-hydrated='true']")).toHaveCount(1);

  await page.getByLabel("User name").fill(TEST_USER.name);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("That user name and password do not match.");
  await expect(page.getByLabel("User name")).toHaveValue(TEST_USER.name);
  await page.screenshot({ path: "e2e/.artifacts/sign-in-refused.png" });

  await page.getByLabel("Password").fill(TEST_USER.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/tasks\?state=failed$/);
  await expect(page.getByTestId("current-user")).toHaveText(TEST_USER.name);
  const cookie = (await page.context().cookies()).find((candidate) => candidate.name === "fmgr_session");
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login\?signedOut=1$/);
  await expect(page.getByText("You have signed out.")).toBeVisible();
  await page.goto("/");
  await expect(page).toHaveURL(/\/login$/);
});

test("the sign-in page is usable from the keyboard alone", async ({ page }) => {
  await gotoHydrated(page, "/login");
  await expect(page.getByLabel("User name")).toBeFocused();
  await page.keyboard.type(TEST_USER.name);
  await page.keyboard.press("Tab");
  await page.keyboard.type(TEST_USER.password);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
});
