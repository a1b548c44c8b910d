import { expect, type Page } from "@playwright/test";
import { E2E_CALLBACK_KEY, E2E_DATABASE } from "./e2e-settings";
import { encodeUrlSafeBase64 as b64 } from "../../lib/fmgr/base64";
import { postSignedCallback } from "../../scripts/test-support/signed-callback";
import { databaseUrl, waitForProjection } from "../../scripts/test-support/test-database";

// Unique per call, and a valid persistentId.
export function uniqueId(label: string): string {
  return `ff808081${label}${Date.now()}${Math.floor(Math.random() * 1000)}`;
}

// Sends a signed callback and returns once its task shows it: the 200 means stored, and
// the projector applies it a moment later.
export async function sendCallback(appUrl: string, document: Record<string, unknown>): Promise<void> {
  const sent = await postSignedCallback({ appUrl, document, ...E2E_CALLBACK_KEY });
  expect(sent.status).toBe(200);
  await taskShows(String(document.id));
}

// Returns once every stored callback of the task is applied to it.
export function taskShows(persistentId: string): Promise<void> {
  return waitForProjection(databaseUrl(E2E_DATABASE), undefined, persistentId);
}

export const deleteCmd = (bucket: string, key: string) => `bucket/${b64(bucket)}/key/${b64(key)}`;

// A task of `count` items in `bucket`: the items whose index `isFailed` says failed, with
// the error `errorOf` gives; the rest succeeded.
export function taskOf(id: string, count: number, options: { bucket?: string; keyOf?: (n: number) => string; isFailed?: (n: number) => boolean; errorOf?: (n: number) => string } = {}) {
  const bucket = options.bucket ?? "media";
  const keyOf = options.keyOf ?? ((n: number) => `campaign/banner_${String(n).padStart(5, "0")}.png`);
  return {
    id,
    code: 2,
    separate: 0,
    items: Array.from({ length: count }, (_, n) => {
      const isFailed = options.isFailed?.(n) ?? false;
      return {
        cmd: deleteCmd(bucket, keyOf(n)),
        code: isFailed ? 20 : 6,
        key: keyOf(n),
        error: isFailed ? (options.errorOf?.(n) ?? "404 Not Found") : null,
      };
    }),
  };
}

// A task whose every vendor string is long and unbroken: the page must wrap them all.
export function longValuesTask(id: string) {
  const long = (label: string, length: number) => `${label}_${"x".repeat(length)}`;
  const key = `${long("very/long/key", 240)}.png`;
  return {
    id,
    code: 2,
    separate: 0,
    desc: long("description", 300),
    items: [
      {
        cmd: deleteCmd(long("bucket", 60), key),
        code: 20,
        key,
        error: `404 Not Found: https://origin.example.com/${long("path", 400)}`,
        hash: "f".repeat(128),
        url: `https://cdn.example.com/${long("url", 400)}`,
        fsize: 123456789,
      },
      { cmd: deleteCmd("media", "short.png"), code: 6, key: "short.png", hash: "a".repeat(40), fsize: 5 },
    ],
  };
}

// The document is wider than the window: the page scrolls sideways.
export async function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}
