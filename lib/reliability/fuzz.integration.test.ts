// Fuzz: thousands of mutated or random requests to the callback endpoint (methods,
// content types, signatures, encodings, sizes, truncated bodies and broken HTTP on a raw
// socket), against the production build (npm run build first). No answer may be a 5xx,
// the app must stay up with flat memory, and refused requests must stay bounded in the
// database (deduplicated). `npm run test:stress` runs 20,000 requests; npm test 2,000.
import net from "node:net";
import fc from "fast-check";
import pLimit from "p-limit";
import { describe, expect, it } from "vitest";
import { residentMegabytes, type AppServer } from "@/scripts/test-support/app-server";
import { TEST_KEYS } from "@/scripts/test-support/signed-callback";
import { queryDatabase, type TestDatabase } from "@/scripts/test-support/test-database";
import { setUpTestApp } from "@/scripts/test-support/vitest-app";
import { signCallback } from "@/lib/fmgr/signature";
import { encodeCallbackBody } from "@/scripts/fake-vendor/callbacks";

const FULL = process.env.STRESS === "1";
const REQUESTS = FULL ? 20_000 : 2_000;
const CONCURRENCY = 20;
let db: TestDatabase;
let app: AppServer;

setUpTestApp("fuzz", { LOG_LEVEL: "fatal" }, (started) => ({ db, app } = started));

type FuzzRequest =
  | { kind: "http"; method: string; contentType: string | null; authorization: string | null; body: string | Uint8Array | null }
  | { kind: "raw"; bytes: string };

const validDocument = fc.record({
  id: fc.stringMatching(/^[0-9a-f]{8,40}$/),
  code: fc.integer({ min: -5, max: 10 }),
  separate: fc.constantFrom(0, 1, 2, "1", null),
  items: fc.array(
    fc.record({ cmd: fc.constantFrom("bucket/YQ==/key/Yg==", "bucket/!!/key/??", "", "resource/YQ==/bucket/Yg==/key/Yw=="), code: fc.integer({ min: -1, max: 100 }), key: fc.string() }),
    { maxLength: 5 },
  ),
});

function requestArbitrary(notifyUrl: string): fc.Arbitrary<FuzzRequest> {
  const sign = (body: string | Uint8Array) => signCallback({ accessKey: TEST_KEYS.accessKey, secretKey: TEST_KEYS.secretKey, url: notifyUrl, body: Buffer.from(body) });
  const body = fc.oneof(
    validDocument.map((document) => encodeCallbackBody(document)),
    validDocument.map((document) => encodeCallbackBody(document, "standard-base64")),
    validDocument.map((document) => JSON.stringify(document)),
    fc.string({ unit: "binary", maxLength: 300 }),
    fc.uint8Array({ maxLength: 300 }),
    validDocument.map((document) => encodeCallbackBody(document).slice(0, 10)),
    fc.constantFrom("", "====", "eyJpZCI6", "e30", "bnVsbA==", "W10=", Buffer.from("{\"id\":\"x\",\"items\":[" + "[".repeat(5000) + "]}").toString("base64")),
  );
  const httpRequest = fc
    .record({
      method: fc.constantFrom("POST", "POST", "POST", "POST", "GET", "PUT", "DELETE", "PATCH", "OPTIONS"),
      contentType: fc.constantFrom("text/plain; charset=UTF-8", "application/json", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain; charset=utf-16", null),
      signing: fc.constantFrom("valid", "valid", "none", "garbage", "unknown-key", "wrong-secret", "no-colon", "huge"),
      body,
    })
    .map(({ method, contentType, signing, body: payload }): FuzzRequest => {
      const authorization =
        signing === "valid" ? sign(payload)
        : signing === "none" ? null
        : signing === "garbage" ? "AK_test:%%%%"
        : signing === "unknown-key" ? `AK_nobody:${sign(payload).split(":")[1]}`
        : signing === "wrong-secret" ? signCallback({ accessKey: TEST_KEYS.accessKey, secretKey: "nope", url: notifyUrl, body: Buffer.from(payload) })
        : signing === "no-colon" ? "AK_test"
        : `AK_test:${"A".repeat(8_000)}`;
      return { kind: "http", method, contentType, authorization, body: method === "GET" || method === "OPTIONS" ? null : payload };
    });
  // Broken HTTP on a raw socket: a body shorter than its Content-Length, garbage framing.
  const rawRequest = fc
    .constantFrom(
      "POST /api/fmgr/callback HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\nAuthorization: AK_test:abc\r\n\r\nshort",
      "POST /api/fmgr/callback HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nabc",
      "POST /api/fmgr/callback HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
      "GARBAGE\r\n\r\n",
      "POST /api/fmgr/callback HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999\r\n\r\nabc",
    )
    .map((bytes): FuzzRequest => ({ kind: "raw", bytes }));
  return fc.oneof({ weight: 19, arbitrary: httpRequest }, { weight: 1, arbitrary: rawRequest });
}

async function send(request: FuzzRequest, notifyUrl: string): Promise<string> {
  if (request.kind === "raw") {
    await new Promise<void>((resolve) => {
      const socket = net.connect(app.port, "127.0.0.1", () => socket.end(request.bytes));
      socket.setTimeout(5_000, () => socket.destroy());
      socket.on("data", () => undefined);
      socket.on("close", () => resolve());
      socket.on("error", () => resolve());
    });
    return "raw";
  }
  const headers: Record<string, string> = {};
  if (request.contentType) headers["content-type"] = request.contentType;
  if (request.authorization) headers.authorization = request.authorization;
  const body = request.body === null ? undefined : typeof request.body === "string" ? request.body : new Uint8Array(request.body);
  const response = await fetch(notifyUrl, { method: request.method, headers, body, signal: AbortSignal.timeout(30_000) });
  await response.arrayBuffer();
  return String(response.status);
}

describe(`${REQUESTS.toLocaleString("en")} hostile requests to the callback endpoint`, () => {
  it("never get a 5xx, leave the app healthy with flat memory, and keep rejections bounded", async () => {
    const notifyUrl = `${app.url}/api/fmgr/callback`;
    const requests = fc.sample(requestArbitrary(notifyUrl), { numRuns: REQUESTS, seed: 20261128 });
    // A quarter of the way in, memory has settled after warm-up; it is compared with the end.
    const warmUp = Math.floor(REQUESTS / 4);
    const statuses = new Map<string, number>();
    let settledMb = 0;
    const limit = pLimit(CONCURRENCY);
    await Promise.all(
      requests.map((request, index) =>
        limit(async () => {
          const status = await send(request, notifyUrl).catch((error: Error) => `error ${error.message}`);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          if (index === warmUp) settledMb = await residentMegabytes(app.pid);
        }),
      ),
    );
    const endMb = await residentMegabytes(app.pid);
    console.log(`fuzz: ${JSON.stringify(Object.fromEntries([...statuses].sort()))}; RSS ${settledMb.toFixed(0)} → ${endMb.toFixed(0)} MB`);
    expect([...statuses.keys()].filter((status) => status.startsWith("5") || status.startsWith("error"))).toEqual([]);
    expect(statuses.get("200")).toBeGreaterThan(0);
    expect((await fetch(`${app.url}/api/health`)).status).toBe(200);
    expect(endMb - settledMb).toBeLessThan(100);

    const [kept] = await queryDatabase<{ rows: string; deliveries: string }>(
      db.url,
      "SELECT count(*) AS rows, coalesce(sum(deliveries), 0) AS deliveries FROM rejected_callbacks",
    );
    const { rows, deliveries } = kept ?? { rows: "0", deliveries: "0" };
    const refused = [...statuses].filter(([status]) => ["400", "401", "413"].includes(status)).reduce((sum, [, count]) => sum + count, 0);
    // Every refusal is kept, as a row or as another delivery of an identical one, or,
    // past its address's budget (a refusal without a valid key), counted.
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    const unstored = [...metrics.matchAll(/^fmgr_callback_refusals_unstored_total\{[^}]*\} (\d+)/gm)].reduce((sum, [, count]) => sum + Number(count), 0);
    console.log(`fuzz: ${refused} refusals, ${deliveries} kept as deliveries of ${rows} rows, ${unstored} past the budget counted only`);
    expect(Number(deliveries) + unstored).toBeGreaterThanOrEqual(refused);
    expect(Number(rows)).toBeLessThanOrEqual(Number(deliveries));
  }, FULL ? 900_000 : 240_000);

  it("keeps one row for a refused request however often it comes", async () => {
    const notifyUrl = `${app.url}/api/fmgr/callback`;
    const body = "the-same-bad-body-again";
    for (let n = 0; n < 100; n++) {
      const response = await fetch(notifyUrl, { method: "POST", body, headers: { authorization: "AK_test:c2FtZQ==", "content-type": "text/plain" } });
      expect(response.status).toBe(401);
    }
    const rows = await queryDatabase<{ deliveries: number }>(db.url, "SELECT deliveries FROM rejected_callbacks WHERE body = $1", [body]);
    expect(rows).toEqual([{ deliveries: 100 }]);
  });
});
