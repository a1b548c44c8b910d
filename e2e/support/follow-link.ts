import { expect, type Locator, type Page } from "@playwright/test";

// Clicks a link and waits for the exact address it points to. A click that lands while
// the page is still hydrating can be swallowed (the Link has taken the anchor over, the
// router is not ready yet); as a person would, it clicks again, but only if the address
// has not changed, so a slow navigation is never clicked twice.
export async function followLink(page: Page, link: Locator): Promise<void> {
  const href = await link.getAttribute("href");
  if (!href) throw new Error("the link has no href");
  const isThere = () => {
    const url = new URL(page.url());
    return `${url.pathname}${url.search}` === href;
  };
  await expect(async () => {
    if (!isThere()) await link.click({ timeout: 2_000 });
    await expect.poll(isThere, { timeout: 3_000 }).toBe(true);
  }).toPass({ timeout: 20_000 });
}

// Opens a page and waits until React has hydrated it (see components/providers.tsx).
export async function gotoHydrated(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.locator("html[data-hydrated='true']")).toHaveCount(1);
}
