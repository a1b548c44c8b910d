import { expect, test as setup } from "@playwright/test";
import { STAFF_STATE } from "./support/e2e-settings";
import { gotoHydrated } from "./support/follow-link";
import { TEST_USER } from "../scripts/test-support/test-user";

// Signs in once through the real form; the other specs start from this browser state.
setup("sign in as staff", async ({ page }) => {
  await gotoHydrated(page, "/login");
  await page.getByLabel("User name").fill(TEST_USER.name);
  await page.getByLabel("Password").fill(TEST_USER.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  await page.context().storageState({ path: STAFF_STATE });
});
