import { expect, test } from "@playwright/test";
import { E2E_CALLBACK_KEY } from "./support/e2e-settings";
import { gotoHydrated } from "./support/follow-link";
import { postSignedCallback } from "../scripts/test-support/signed-callback";

test("a rejected callback is listed with its reason, and the checker explains signatures", async ({ page, baseURL }) => {
  const appUrl = baseURL ?? "";
  const id = `ff808081rej${Date.now()}`;
  const document = { id, code: 3, separate: 0, items: [{ cmd: "bucket/YQ==/key/Yg==", code: 6 }] };
  const refused = await postSignedCallback({ appUrl, document, accessKey: E2E_CALLBACK_KEY.accessKey, secretKey: "not-the-secret" });
  expect(refused.status).toBe(401);

  await gotoHydrated(page, "/callbacks");
  const list = page.getByRole("list", { name: "Rejected callbacks" });
  const row = list.getByRole("listitem").filter({ hasText: refused.body.slice(0, 40) });
  await expect(list.getByText("Signature does not match").first()).toBeVisible();
  await expect(list.getByText(E2E_CALLBACK_KEY.accessKey, { exact: true }).first()).toBeVisible();
  await expect(row).toHaveCount(1);
  await expect(row.getByText("Signature does not match")).toBeVisible();

  const checker = page.getByRole("region", { name: "Signature checker" });
  await checker.getByRole("textbox", { name: "URL the vendor posted to" }).fill(`${appUrl}/api/fmgr/callback`);
  await checker.getByRole("textbox", { name: "Authorization header" }).fill(refused.authorization);
  await checker.getByRole("textbox", { name: "Body, exactly as received" }).fill(refused.body);
  await checker.getByRole("button", { name: "Check signature" }).click();
  await expect(checker.getByTestId("signature-result")).toContainText("Not valid (signature_mismatch)");
  await expect(checker.getByTestId("signature-result")).toContainText(`The body decodes to task ${id} with 1 item(s).`);

  const good = await postSignedCallback({ appUrl, document, ...E2E_CALLBACK_KEY });
  await checker.getByRole("textbox", { name: "Authorization header" }).fill(good.authorization);
  await checker.getByRole("button", { name: "Check signature" }).click();
  await expect(checker.getByTestId("signature-result")).toContainText(`Valid: signed with ${E2E_CALLBACK_KEY.accessKey}, matching configured-url+raw-body.`);
  await expect(page.getByText(E2E_CALLBACK_KEY.secretKey)).toHaveCount(0);
  await page.screenshot({ path: "e2e/.artifacts/rejected-callbacks.png", fullPage: true });
});

test("a flood of unsigned requests from one address is one line, and a real rejection stays in sight", async ({ page, baseURL }) => {
  const appUrl = baseURL ?? "";
  const flooder = `198.51.100.${Math.floor(Math.random() * 200) + 20}`;
  for (let n = 0; n < 40; n++) {
    const sent = await postSignedCallback({ appUrl, body: `flood-${Date.now()}-${n}`, authorization: null, headers: { "x-forwarded-for": flooder } });
    expect(sent.status).toBe(401);
  }
  const document = { id: `ff808081real${Date.now()}`, code: 3, separate: 0, items: [{ cmd: "bucket/YQ==/key/Yg==", code: 6 }] };
  expect((await postSignedCallback({ appUrl, document, accessKey: E2E_CALLBACK_KEY.accessKey, secretKey: "wrong" })).status).toBe(401);

  await gotoHydrated(page, "/callbacks");
  const list = page.getByRole("list", { name: "Rejected callbacks" });
  const floodLines = list.getByRole("listitem").filter({ hasText: flooder });
  await expect(floodLines).toHaveCount(1);
  await expect(floodLines.getByText(/^\d+ requests$/)).toBeVisible();
  await expect(list.getByRole("listitem").first().getByText("Signature does not match")).toBeVisible();

  await page.getByRole("combobox", { name: "Reason" }).selectOption("missing_signature");
  await page.getByRole("textbox", { name: "Address" }).fill(flooder);
  await Promise.all([page.waitForURL(/reason=missing_signature/), page.getByRole("button", { name: "Filter" }).click()]);
  await expect(list.getByRole("listitem")).toHaveCount(1);
});
