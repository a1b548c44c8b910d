// The fake vendor's callbacks, checked by a real receiver that verifies them with the
// app's own signature code.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { decodeBase64Text } from "@/lib/fmgr/base64";
import { verifyCallbackSignature } from "@/lib/fmgr/signature";
import { FakeVendor } from "../fake-vendor";
import { makeScenario, seededRandom } from "./scenarios";

type Received = { headers: http.IncomingHttpHeaders; body: string; verified: boolean };

let receiver: http.Server;
let received: Received[] = [];
let answers: number[] = [];
let vendor: FakeVendor;
let notifyUrl = "";
const KEYS = new Map([["AK_test", "SK_test_secret"]]);

beforeAll(async () => {
  receiver = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks);
      const verdict = verifyCallbackSignature({ authorization: request.headers.authorization, rawBody: body, requestUrl: notifyUrl, keys: KEYS });
      received.push({ headers: request.headers, body: body.toString(), verified: verdict.ok });
      response.writeHead(answers.shift() ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  notifyUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/fmgr/callback?env=test`;
  vendor = await FakeVendor.start();
});

afterAll(async () => {
  await vendor.close();
  await new Promise((resolve) => receiver.close(resolve));
});

beforeEach(() => {
  received = [];
  answers = [];
});

const task = {
  id: "ff80808149deceff014a7090b6700000",
  code: 6,
  desc: "ok",
  separate: 0,
  items: [
    { cmd: "bucket/YQ==/key/Yg==", code: 6, desc: "ok", error: null },
    { cmd: "bucket/YQ==/key/Yw==", code: 20, desc: "failed", error: "file not exist" },
    { cmd: "bucket/YQ==/key/ZA==", code: 6, desc: "ok", error: null },
  ],
};

describe("FakeVendor callbacks", () => {
  it("sends a URL-safe base64 body as text/plain with a valid Authorization header", async () => {
    const [report] = await vendor.notifyCompletion({ notifyUrl, accessKey: "AK_test", secretKey: "SK_test_secret", task });
    expect(report?.delivered).toBe(true);
    expect(received).toHaveLength(1);
    const [callback] = received;
    expect(callback?.headers["content-type"]).toBe("text/plain; charset=UTF-8");
    expect(callback?.headers.authorization).toMatch(/^AK_test:[A-Za-z0-9_-]{54}==$/);
    expect(callback?.verified).toBe(true);
    expect(JSON.parse(decodeBase64Text(callback?.body ?? "") ?? "")).toMatchObject({ id: task.id, separate: 0, items: task.items });
  });

  it("with separate = 1 sends one notification per item, coded 1, then 2 after a failure", async () => {
    await vendor.notifyCompletion({ notifyUrl, accessKey: "AK_test", secretKey: "SK_test_secret", task, separate: true });
    const documents = received.map((callback) => JSON.parse(decodeBase64Text(callback.body) ?? "") as { code: number; separate: number; items: unknown[] });
    expect(documents.map((document) => document.code).sort()).toEqual([1, 2, 2]);
    expect(documents.every((document) => document.separate === 1 && document.items.length === 1)).toBe(true);
    expect(received.every((callback) => callback.verified)).toBe(true);
  });

  it("retries on anything but 200, on the schedule it is given", async () => {
    answers = [500, 503, 404];
    const report = await vendor.deliverCallback({ notifyUrl, accessKey: "AK_test", secretKey: "SK_test_secret", document: task, retryDelaysMs: [0, 0, 0, 50, 50] });
    expect(report.delivered).toBe(true);
    expect(report.attempts.map((attempt) => attempt.status)).toEqual([500, 503, 404, 200]);
    expect(new Set(received.map((callback) => callback.body)).size).toBe(1);
  });

  it("gives up after the first try and 8 retries, as the vendor does", async () => {
    answers = Array.from({ length: 20 }, () => 503);
    const report = await vendor.deliverCallback({ notifyUrl, accessKey: "AK_test", secretKey: "SK_test_secret", document: task, retryDelaysMs: [0, 0, 0, 10, 10, 10, 10, 10] });
    expect(report.delivered).toBe(false);
    expect(report.attempts).toHaveLength(9);
  });
});

describe("scenarios", () => {
  it("are repeatable from a seed and cover every outcome", () => {
    const first = Array.from({ length: 200 }, ((random) => () => makeScenario(random))(seededRandom(7)));
    const again = Array.from({ length: 200 }, ((random) => () => makeScenario(random))(seededRandom(7)));
    expect(again).toEqual(first);
    expect(new Set(first.map((scenario) => scenario.outcome))).toEqual(new Set(["succeeded", "failed", "partial", "processing"]));
    expect(Math.max(...first.map((scenario) => scenario.task.items.length))).toBeLessThanOrEqual(20);
  });
});
