// Inputs fuzz: everything but the callback (fuzz.integration.test.ts has that). The list
// and detail APIs, the exports, the pages and the server actions get NUL and control
// characters, broken UTF-8 and percent-encoding, dates out of range (year 0, ±271821),
// integers past 2^63 in cursors and limits, over-long and repeated parameters. No answer
// may be a 5xx or a dropped connection; an API refusal is a 400 or 404 whose message
// names the parameter, and an export decides before its first byte.
// npm test sends 1,500; STRESS=1 (npm run test:stress) 10,000.
import { readFile } from "node:fs/promises";
import path from "node:path";
import fc from "fast-check";
import pLimit from "p-limit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "@/scripts/test-support/app-server";
import { postSignedCallback, TEST_KEYS } from "@/scripts/test-support/signed-callback";
import { createTestDatabase, type TestDatabase } from "@/scripts/test-support/test-database";

const FULL = process.env.STRESS === "1";
const REQUESTS = FULL ? 10_000 : 1_500;
const KNOWN_ID = "ff808081inputs000000000000000001";
let db: TestDatabase;
let app: AppServer;
let actionIds: string[] = [];

beforeAll(async () => {
  db = await createTestDatabase("inputs");
  app = await startAppServer({
    DATABASE_URL: db.url,
    FMGR_CALLBACK_KEYS: `${TEST_KEYS.accessKey}:${TEST_KEYS.secretKey}`,
    RECONCILER_ENABLED: "false",
    LOG_LEVEL: "fatal",
  });
  const document = { id: KNOWN_ID, code: 3, separate: 0, items: [{ cmd: "bucket/YQ==/key/Yg==", code: 20, error: "404", key: "b" }] };
  expect((await postSignedCallback({ appUrl: app.url, document })).status).toBe(200);
  const manifest = JSON.parse(await readFile(path.resolve(import.meta.dirname, "../../.next/server/server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { exportedName?: string }>;
  };
  // The sign-out actions take no input to fuzz, and would end the session the fuzz uses.
  actionIds = Object.entries(manifest.node)
    .filter(([, action]) => !/^signOut/.test(action.exportedName ?? ""))
    .map(([id]) => id);
});

afterAll(async () => {
  await app?.stop();
  await db?.drop();
});

const b64 = (text: string) => Buffer.from(text).toString("base64url");

// Already percent-encoded, so they reach the server byte for byte.
const BAD_VALUES = [
  "%00", "a%00b", "%01%02%1F", "%7F", "%FF", "%C3%28", "%E0%A4%A", "%", "%%", "%G0", "%0A%0D",
  "0000-01-01T00:00:00Z", "-271821-04-20T00:00:00Z", "%2B275760-09-13T00:00:00Z", "10000-01-01T00:00:00Z", "2026-02-30T00:00:00Z", "1969-12-31T23:59:59Z",
  "9223372036854775807", "9223372036854775808", "99999999999999999999999", "-1", "0", "1e400", "NaN", "Infinity", "0x10",
  b64("-271821-04-20T00:00:00.000Z|5"), b64("2026-01-01T00:00:00.000Z|9999999999999999999"), b64("0000-01-01T00:00:00.000Z|1"),
  b64("2026-01-01T00:00:00.000Z|1|2"), b64("x|y"), b64("\u0000|\u0000"), "%00%00%00",
  "a".repeat(3_000), "%00".repeat(400), "processing,%00", "failed,,,unknown,nope",
];
const PARAMS = ["q", "state", "op", "since", "until", "cursor", "limit", "format", "items", "code", "key", "itemsQ", "order", "itemsCursor", "itemsLimit", "offset"];
const SEGMENTS = ["%00", "%FF", "a%00", "%E2%82", "..", "%2e%2e", "%2F", "a%20b", "x".repeat(300), "%0A", KNOWN_ID, "unknown_task_1"];

type Probe = { kind: "api" | "export" | "page" | "action"; method: "GET" | "POST"; path: string; body?: BodyInit; headers?: Record<string, string> };

function queryArbitrary(): fc.Arbitrary<string> {
  const pair = fc.tuple(fc.constantFrom(...PARAMS), fc.constantFrom(...BAD_VALUES)).map(([name, value]) => `${name}=${value}`);
  return fc.array(pair, { minLength: 1, maxLength: 4 }).map((pairs) => pairs.join("&"));
}

function probeArbitrary(): fc.Arbitrary<Probe> {
  const query = queryArbitrary();
  const segment = fc.constantFrom(...SEGMENTS);
  return fc.oneof(
    query.map((q): Probe => ({ kind: "api", method: "GET", path: `/api/tasks?${q}` })),
    segment.map((s): Probe => ({ kind: "api", method: "GET", path: `/api/tasks/${s}` })),
    query.map((q): Probe => ({ kind: "api", method: "GET", path: `/api/tasks/${KNOWN_ID}?${q}` })),
    fc.tuple(segment, segment).map(([s, t]): Probe => ({ kind: "api", method: "GET", path: `/api/tasks/${s}/events/${t}` })),
    fc.tuple(segment, query).map(([s, q]): Probe => ({ kind: "api", method: "GET", path: `/api/tasks/${KNOWN_ID}/items/${s}/decompress?${q}` })),
    query.map((q): Probe => ({ kind: "api", method: "GET", path: `/api/callbacks/rejected?${q}` })),
    query.map((q): Probe => ({ kind: "export", method: "GET", path: `/api/exports/tasks?${q}` })),
    fc.tuple(segment, query).map(([s, q]): Probe => ({ kind: "export", method: "GET", path: `/api/exports/tasks/${s}/items?${q}` })),
    query.map((q): Probe => ({ kind: "page", method: "GET", path: `/tasks?${q}` })),
    segment.map((s): Probe => ({ kind: "page", method: "GET", path: `/tasks/${s}` })),
    query.map((q): Probe => ({ kind: "page", method: "GET", path: `/tasks/${KNOWN_ID}?${q}` })),
    query.map((q): Probe => ({ kind: "page", method: "GET", path: `/callbacks?${q}` })),
    segment.map((s): Probe => ({ kind: "page", method: "GET", path: `/${s}` })),
    fc
      .tuple(
        fc.oneof(fc.constantFrom(...actionIds), fc.stringMatching(/^[0-9a-f]{1,50}$/)),
        fc.oneof(
          fc.constantFrom("", "[]", '["$undefined"]', '[{},"x"]', "[1,2,3]", "{", '"\u0000"', "null"),
          fc.string({ maxLength: 200 }),
          // As React encodes (previous state, form): the arguments in "0", the form's fields
          // under "1_", so the call reaches the action and its own validation.
          fc.constantFrom(...BAD_VALUES).map((value) => {
            const form = new FormData();
            form.set("0", '[{"status":"idle"},"$K1"]');
            for (const field of ["persistentId", "force", "url", "body", "authorization", "name", "password", "next"]) form.set(`1_${field}`, decodeURIComponentSafe(value));
            return form;
          }),
          fc.constantFrom(...BAD_VALUES).map((value) => {
            const form = new FormData();
            form.set("persistentId", decodeURIComponentSafe(value));
            form.set("force", decodeURIComponentSafe(value));
            form.set("url", value);
            return form;
          }),
        ),
      )
      .map(([id, body]): Probe => ({ kind: "action", method: "POST", path: "/tasks", body, headers: { "next-action": id, accept: "text/x-component" } })),
  );
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function errorMessageOf(text: string): string {
  try {
    return (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? "(no error message)";
  } catch {
    return `(not JSON: ${text.slice(0, 40)})`;
  }
}

// A refusal from the API names what was wrong: a parameter, the path, or the task.
const NAMES_A_PARAMETER = /^(q|state|op|since|until|cursor|limit|format|items|code|key|itemsQ|order|itemsCursor|itemsLimit|offset|path|persistentId): |^No task |^Task .+ has no /;

describe("every input to the API, the exports, the pages and the server actions", () => {
  it("gets a 4xx that names the parameter or an answer, never a 5xx or a dropped connection", async () => {
    const probes = fc.sample(probeArbitrary(), { numRuns: REQUESTS, seed: 20261129 });
    const cookie = await app.sessionCookie();
    const statuses = new Map<string, number>();
    const problems: string[] = [];
    const count = (key: string) => statuses.set(key, (statuses.get(key) ?? 0) + 1);
    const limit = pLimit(10);
    await Promise.all(
      probes.map((probe) =>
        limit(async () => {
          let response: Response;
          let text: string;
          try {
            response = await fetch(`${app.url}${probe.path}`, {
              method: probe.method,
              body: probe.body,
              headers: { cookie, ...probe.headers },
              redirect: "manual",
              signal: AbortSignal.timeout(30_000),
            });
            text = await response.text();
          } catch (error) {
            count(`${probe.kind} dropped`);
            problems.push(`dropped ${probe.method} ${probe.path.slice(0, 120)}: ${(error as Error).message}`);
            return;
          }
          count(`${probe.kind} ${response.status}`);
          if (response.status >= 500) problems.push(`${response.status} ${probe.method} ${probe.path.slice(0, 120)}`);
          if ((probe.kind === "api" || probe.kind === "export") && response.status >= 400) {
            const message = errorMessageOf(text);
            if (![400, 404].includes(response.status) || !NAMES_A_PARAMETER.test(message)) problems.push(`${response.status} ${probe.path.slice(0, 120)}: ${message}`);
          }
        }),
      ),
    );
    console.log(`inputs: ${probes.length} requests; ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
    expect([...new Set(problems.map((problem) => problem.slice(0, 90)))].slice(0, 25)).toEqual([]);
    expect((await fetch(`${app.url}/api/health`)).status).toBe(200);
  }, FULL ? 900_000 : 300_000);
});
