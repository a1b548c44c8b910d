import { expect, test } from "@playwright/test";
import { setVendorTask } from "./support/e2e-settings";
import { gotoHydrated } from "./support/follow-link";
import { sendCallback, taskOf, uniqueId } from "./support/tasks";

test("a task of 10,000 items opens on its failures, pages and filters on the server", async ({ page, baseURL }) => {
  test.setTimeout(90_000);
  const id = uniqueId("huge");
  await sendCallback(baseURL ?? "", taskOf(id, 10_000, { isFailed: (n) => n % 97 === 5, errorOf: (n) => `404 Not Found: http://origin.example.com/banner_${n}` }));

  const response = await page.goto(`/tasks/${id}`);
  expect(response?.status()).toBe(200);
  const items = page.getByRole("list").filter({ has: page.getByRole("listitem", { name: /^Item / }) });
  await expect(items.getByRole("listitem")).toHaveCount(50);
  // Failures first: the first failure is item #6, then every 97th.
  await expect(items.getByRole("listitem").first()).toHaveAccessibleName("Item 6");
  await expect(items.getByRole("listitem").nth(1)).toHaveAccessibleName("Item 103");
  await expect(page.getByText("10,000 (104 failed)")).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Items by outcome" })).toContainText("All 10,000");
  await expect(page.getByText("50 of 10,000 item(s) on this page")).toBeVisible();
  await page.screenshot({ path: "e2e/.artifacts/task-huge.png" });

  await page.getByRole("navigation", { name: "Items by outcome" }).getByRole("link", { name: /^Succeeded/ }).click();
  await expect(page).toHaveURL(/items=succeeded/);
  await expect(items.getByRole("listitem").first()).toHaveAccessibleName("Item 1");

  await page.getByRole("link", { name: "Next items" }).click();
  await expect(page).toHaveURL(/itemsCursor=/);
  await expect(items.getByRole("listitem").first()).not.toHaveAccessibleName("Item 1");

  await gotoHydrated(page, `/tasks/${id}`);
  await page.getByLabel("Key contains").fill("BANNER_0011");
  await page.getByRole("button", { name: "Show items" }).click();
  await expect(page).toHaveURL(new RegExp(`/tasks/${id}\\?itemsQ=BANNER_0011#items-heading$`));
  await expect(items.getByRole("listitem")).toHaveCount(10);
  await expect(items.getByRole("listitem").first()).toHaveAccessibleName("Item 111");
});

test("a decompress list of 5,000 files shows a page, more on demand, and filters on the server", async ({ page, baseURL }) => {
  const id = uniqueId("zip");
  const list = JSON.stringify(Array.from({ length: 5_000 }, (_, f) => `unpacked/file_${f}.txt`));
  await sendCallback(baseURL ?? "", {
    id, code: 3, separate: 0,
    items: [{ cmd: "fetchURL/aHR0cDovL28uZXhhbXBsZS5jb20vYS56aXA=/bucket/bWVkaWE=/key/YS56aXA=/decompression/zip", code: 6, key: "a.zip", decompresslist: list }],
  });
  await gotoHydrated(page, `/tasks/${id}`);
  await page.getByText("Decompress list (5,000 files)").click();
  await expect(page.getByText("20 of 5,000 shown")).toBeVisible();
  await page.getByRole("button", { name: "Show more" }).click();
  await expect(page.getByText("40 of 5,000 shown")).toBeVisible();
  await page.getByRole("searchbox", { name: "Filter the decompress list" }).fill("file_4999");
  await expect(page.getByText("1 of 1 shown (5,000 in all)")).toBeVisible();
  await expect(page.getByText("unpacked/file_4999.txt")).toBeVisible();
});

test("every lookup leaves a trace: a failed refresh stays in history, and failing lookups need attention", async ({ page, baseURL }) => {
  const id = uniqueId("trace");
  await sendCallback(baseURL ?? "", { id, code: 1, separate: 1, items: [{ cmd: "bucket/YQ==/key/Yg==", code: 1 }] });
  await gotoHydrated(page, `/tasks/${id}`);
  await expect(page.getByTestId("last-lookup")).toHaveText("never");

  // The fake vendor does not know the id: 404.
  await page.getByRole("button", { name: "Refresh from vendor" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "persistentId not found" })).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("last-lookup")).toContainText("refused");
  const lookups = page.getByRole("region", { name: "Lookups" });
  await expect(lookups.getByRole("listitem")).toHaveCount(1);
  await expect(lookups).toContainText("persistentId not found");

  await gotoHydrated(page, `/tasks/${id}`);
  await page.getByRole("button", { name: "Refresh from vendor" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "persistentId not found" })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Lookups failing since" })).toContainText("2 attempts");

  await page.goto("/");
  const entry = page.getByRole("region", { name: "Needs attention" }).getByRole("listitem").filter({ hasText: id }).and(page.locator("[data-reason='lookup_failing']"));
  await expect(entry).toContainText("Lookups failing since");
  await expect(entry).toContainText("2 attempts: The vendor refused the lookup (404): persistentId not found");

  // A lookup that works ends the run.
  await setVendorTask({ id, code: 1, separate: 1, items: [{ cmd: "bucket/YQ==/key/Yg==", code: 1 }] });
  await gotoHydrated(page, `/tasks/${id}`);
  await page.getByRole("button", { name: "Refresh from vendor" }).click();
  await expect(page.getByText("Updated from the vendor.")).toBeVisible();
  await expect(page.getByTestId("last-lookup")).toContainText("answered");
  await expect(page.getByRole("status").filter({ hasText: "Lookups failing since" })).toHaveCount(0);
});

test("a running task with no news for longer than the configured age is listed as stuck", async ({ page, baseURL }) => {
  const id = uniqueId("stuck");
  await sendCallback(baseURL ?? "", { id, code: 1, separate: 1, items: [{ cmd: "bucket/YQ==/key/Yg==", code: 1 }] });
  // ATTENTION_STUCK_AFTER_MS is 3 s in the browser tests' server.
  await expect(async () => {
    await page.goto("/");
    await expect(page.locator("[data-reason='stuck']").filter({ hasText: id })).toContainText("No news for over 3 s", { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
});

test("the list triages: bucket, first failure and how many more; substring search on keys and errors", async ({ page, baseURL }) => {
  const run = `tri${Date.now()}`;
  const id = uniqueId("list");
  await sendCallback(baseURL ?? "", taskOf(id, 25, {
    bucket: "media-e2e",
    keyOf: (n) => `${run}/banner_${String(n).padStart(3, "0")}.png`,
    isFailed: (n) => n === 4 || n === 11 || n === 19,
    errorOf: (n) => `404 Not Found ${run}-${n}`,
  }));

  await gotoHydrated(page, `/tasks?q=${encodeURIComponent(`banner_011`)}`);
  const row = page.getByRole("row").filter({ hasText: id });
  await expect(row).toContainText("media-e2e");
  await expect(row).toContainText(`${run}/banner_004.png`);
  await expect(row).toContainText(`404 Not Found ${run}-4`);
  await expect(row).toContainText("+2 more");

  // An error text finds the task whose item failed with it.
  await gotoHydrated(page, `/tasks?q=${encodeURIComponent(`404 not found ${run}-19`)}`);
  await expect(page.getByRole("row").filter({ hasText: id })).toBeVisible();
  await expect(page.getByRole("row")).toHaveCount(2);

  // The detail page: failures first, in the order submitted.
  await gotoHydrated(page, `/tasks/${id}`);
  const items = page.getByRole("list").filter({ has: page.getByRole("listitem", { name: /^Item / }) });
  await expect(items.getByRole("listitem").nth(0)).toHaveAccessibleName("Item 5");
  await expect(items.getByRole("listitem").nth(1)).toHaveAccessibleName("Item 12");
  await expect(items.getByRole("listitem").nth(2)).toHaveAccessibleName("Item 20");
  await expect(items.getByRole("listitem").nth(3)).toHaveAccessibleName("Item 1");
});

test("a pasted address or ticket line finds its task; an unknown id offers the vendor form, filled in", async ({ page, baseURL }) => {
  const id = uniqueId("paste");
  await sendCallback(baseURL ?? "", taskOf(id, 1));
  for (const pasted of [`${baseURL}/tasks/${id}?items=failed`, `http://mgr.example.com/fmgr/status?persistentId=${id}`, `Ticket 4711: task ${id} failed overnight.`]) {
    await gotoHydrated(page, "/tasks");
    await page.getByRole("searchbox", { name: /Search/ }).fill(pasted);
    await Promise.all([page.waitForURL(new RegExp(`/tasks/${id}$`)), page.getByRole("searchbox", { name: /Search/ }).press("Enter")]);
    await expect(page.getByRole("heading", { level: 1, name: id })).toBeVisible();
  }

  const unknown = uniqueId("unknown");
  await gotoHydrated(page, "/tasks");
  await page.getByRole("searchbox", { name: /Search/ }).fill(`http://mgr.example.com/fmgr/status?persistentId=${unknown}`);
  await page.getByRole("searchbox", { name: /Search/ }).press("Enter");
  const ask = page.getByRole("region", { name: "Ask the vendor" });
  await expect(ask).toContainText(`No task here matches. Ask the vendor about ${unknown}?`);
  await expect(ask.getByRole("textbox", { name: "persistentId" })).toHaveValue(unknown);

  const response = await page.goto(`/tasks/${unknown}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Task not known here" })).toBeVisible();
  await expect(page.getByRole("textbox", { name: "persistentId" })).toHaveValue(unknown);
});

test("small things: empty filters stay out of the address, rows do not prefetch, the CSV counts from 1, Copy works on plain http beside the id", async ({ page, baseURL }) => {
  const id = uniqueId("small");
  await sendCallback(baseURL ?? "", taskOf(id, 2));

  await gotoHydrated(page, "/tasks");
  await page.getByRole("searchbox", { name: /Search/ }).fill(id.slice(0, 20));
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(new RegExp(`/tasks\\?q=${id.slice(0, 20)}$`));

  // No detail page is fetched ahead while the list is shown.
  const prefetched: string[] = [];
  page.on("request", (request) => {
    if (/\/tasks\/[^/?]+/.test(new URL(request.url()).pathname)) prefetched.push(request.url());
  });
  await gotoHydrated(page, "/tasks");
  await page.getByRole("link", { name: id }).first().hover();
  // Prefetch happens on hover and in view within a moment; nothing may come in this time.
  await page.waitForTimeout(1_500);
  expect(prefetched).toEqual([]);

  // The item export numbers items as the page does, from 1.
  const csv = await (await page.request.get(`/api/exports/tasks/${id}/items?format=csv`)).text();
  expect(csv.split("\r\n").slice(1, 3).map((row) => row.split(",")[0])).toEqual(["1", "2"]);

  // A plain-http intranet address has no Clipboard API.
  await page.addInitScript(() => {
    Object.defineProperty(window, "isSecureContext", { value: false });
    Object.defineProperty(navigator, "clipboard", { value: undefined });
    const copied: string[] = [];
    (window as unknown as { copied: string[] }).copied = copied;
    document.execCommand = (command: string) => {
      if (command === "copy") copied.push(String(window.getSelection()?.toString() || (document.activeElement as HTMLTextAreaElement | null)?.value));
      return command === "copy";
    };
  });
  await gotoHydrated(page, `/tasks/${id}`);
  const heading = page.getByRole("heading", { level: 1, name: id });
  const copy = page.getByRole("button", { name: "Copy the persistentId" });
  // Beside the id, on its line.
  const [headingBox, copyBox] = [await heading.boundingBox(), await copy.boundingBox()];
  expect(Math.abs((copyBox?.y ?? 0) + (copyBox?.height ?? 0) / 2 - ((headingBox?.y ?? 0) + (headingBox?.height ?? 0) / 2))).toBeLessThan(12);
  await copy.click();
  await expect(copy).toHaveText("Copied");
  expect(await page.evaluate(() => (window as unknown as { copied: string[] }).copied)).toEqual([id]);
});
