// Retrying failed items at the vendor, over HTTP against the production build (npm run
// build first), the real Postgres and the fake vendor, which checks the management token,
// runs what it is given and notifies the app.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { encodeUrlSafeBase64 as b64 } from "@/lib/fmgr/base64";
import { FakeVendor } from "@/scripts/fake-vendor";
import { APP_URL, type AppServer } from "@/scripts/test-support/app-server";
import { postSignedCallback, TEST_KEYS } from "@/scripts/test-support/signed-callback";
import { signInOverHttp } from "@/scripts/test-support/sign-in-over-http";
import { TEST_VIEWER } from "@/scripts/test-support/test-user";
import { setUpTestApp } from "@/scripts/test-support/vitest-app";

const MGR = { accessKey: "AK_mgr", secretKey: "SK_mgr_secret" };
let vendor: FakeVendor;
let app: AppServer;
let sequence = 0;

beforeAll(async () => {
  vendor = await FakeVendor.start();
}, 30_000);
afterAll(async () => vendor?.close());

setUpTestApp(
  "retries",
  {
    LOG_LEVEL: "error",
    // The vendor's URL is known once it listens; setUpTestApp starts the app after beforeAll.
    get FMGR_MGR_DOMAIN() {
      return vendor.url;
    },
    FMGR_CALLBACK_URL: `${APP_URL}/api/fmgr/callback`,
    FMGR_CALLBACK_KEYS: `${TEST_KEYS.accessKey}:${TEST_KEYS.secretKey},${MGR.accessKey}:${MGR.secretKey}`,
    FMGR_MGR_ACCESS_KEY: MGR.accessKey,
    FMGR_MGR_SECRET_KEY: MGR.secretKey,
    FMGR_LOOKUP_TIMEOUT_MS: "1000",
  },
  (started) => (app = started.app),
);

beforeEach(() => {
  vendor.credentials = MGR;
  vendor.setSubmitBehavior({ kind: "normal" });
  vendor.callbackRetryDelaysMs = [0, 0, 0];
});

const cmd = (key: string) => `bucket/${b64("media")}/key/${b64(key)}`;
const fetchCmd = (key: string) => `fetchURL/${b64(`http://origin.example.com/${key}`)}/bucket/${b64("media")}/key/${b64(key)}`;
const copyCmd = (key: string) => `resource/${b64(`src:${key}`)}/bucket/${b64("media")}/key/${b64(key)}`;

// A partial task: its items are [cmd, failed?].
async function sourceTask(items: [string, boolean][], separate = 0): Promise<string> {
  sequence += 1;
  const id = `ff808081retrysrc${String(sequence).padStart(6, "0")}${Date.now()}`;
  const document = { id, code: 2, separate, items: items.map(([command, failed]) => ({ cmd: command, code: failed ? 20 : 6, error: failed ? "404 Not Found" : null })) };
  expect((await postSignedCallback({ appUrl: app.url, document })).status).toBe(200);
  await app.projected();
  return id;
}

type Submitted = { persistentId: string | null; op: string; items: number; outcome: string; message: string | null };
type Answer = { status: number; body: { submitted?: Submitted[]; skipped?: { op: string; items: number; reason: string }[]; error?: { code: string; message: string } } };

async function retry(id: string, body?: unknown, cookie?: string): Promise<Answer> {
  const init: RequestInit = { method: "POST", body: body === undefined ? undefined : JSON.stringify(body), headers: { "content-type": "application/json" } };
  const response = cookie
    ? await fetch(`${app.url}/api/tasks/${id}/retry`, { ...init, headers: { ...init.headers, cookie } })
    : await app.signedInFetch(`/api/tasks/${id}/retry`, init);
  return { status: response.status, body: (await response.json()) as Answer["body"] };
}

type Detail = { task: { state: string }; retryOf: { persistentId: string; requestedBy: string | null } | null; retriedAs: { persistentId: string | null; state: string | null; outcome: string; requestedBy: string; items: number }[] };
const detail = async (id: string) => (await (await app.signedInFetch(`/api/tasks/${id}`)).json()) as Detail;

describe("retrying a task's failed items", () => {
  it("submits them as one new task, signed, linked both ways, pending at once and succeeded once the vendor calls back", async () => {
    const id = await sourceTask([[cmd("a.png"), true], [cmd("b.png"), false], [cmd("c.png"), true]]);
    const before = vendor.submissions.length;
    const { status, body } = await retry(id);
    expect(status).toBe(200);
    expect(body.submitted).toHaveLength(1);
    const [child] = body.submitted ?? [];
    expect(child).toMatchObject({ op: "delete", items: 2, outcome: "submitted" });

    const [sent] = vendor.submissions.slice(before);
    expect(sent).toMatchObject({ op: "delete", persistentId: child?.persistentId });
    const form = new URLSearchParams(sent?.body);
    expect(form.get("fops")).toBe(`${cmd("a.png")};${cmd("c.png")}`);
    expect(Buffer.from(form.get("notifyURL") ?? "", "base64url").toString()).toBe(`${app.url}/api/fmgr/callback`);
    expect(form.get("separate")).toBe("0");

    const stored = await detail(child?.persistentId ?? "");
    expect(stored.retryOf).toMatchObject({ persistentId: id, requestedBy: "ops" });
    await expect.poll(async () => (await detail(child?.persistentId ?? "")).task.state, { timeout: 10_000 }).toBe("succeeded");
    expect((await detail(id)).retriedAs).toMatchObject([{ persistentId: child?.persistentId, state: "succeeded", outcome: "submitted", requestedBy: "ops", items: 2 }]);
  });

  it("sends one vendor task per operation, and separate as the source had it", async () => {
    const id = await sourceTask([[cmd("d.png"), true], [fetchCmd("e.png"), true], [fetchCmd("f.png"), true]], 1);
    const before = vendor.submissions.length;
    const { status, body } = await retry(id);
    expect(status).toBe(200);
    expect(body.submitted?.map((entry) => [entry.op, entry.items]).sort()).toEqual([["delete", 1], ["fetch", 2]]);
    const sent = vendor.submissions.slice(before);
    expect(sent.map((entry) => new URLSearchParams(entry.body).get("separate"))).toEqual(["1", "1"]);
    expect(new URLSearchParams(sent.find((entry) => entry.op === "fetch")?.body).get("force")).toBe("0");
  });

  it("asks which of copy or move a copy-or-move cmd was, and submits to that endpoint", async () => {
    const id = await sourceTask([[copyCmd("g.png"), true]]);
    const unsaid = await retry(id);
    expect(unsaid.status).toBe(409);
    expect(unsaid.body.error?.message).toMatch(/cannot tell copy from move/);
    expect((await retry(id, { copyOrMove: "sideways" })).status).toBe(400);
    const said = await retry(id, { copyOrMove: "copy" });
    expect(said.body.submitted).toMatchObject([{ op: "copy", items: 1, outcome: "submitted" }]);
  });

  it("submits once for a double click: the second finds nothing left (409)", async () => {
    const id = await sourceTask([[cmd("h.png"), true], [cmd("i.png"), true]]);
    vendor.setSubmitBehavior({ kind: "normal", runMs: 200 });
    const before = vendor.submissions.length;
    const answers = await Promise.all([retry(id), retry(id), retry(id)]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409, 409]);
    expect(vendor.submissions.length - before).toBe(1);
    expect((await retry(id)).status).toBe(409);
  });

  it("shows the vendor's refusal, and leaves the items retryable", async () => {
    const id = await sourceTask([[cmd("j.png"), true]]);
    vendor.credentials = { accessKey: MGR.accessKey, secretKey: "a different secret" };
    const refused = await retry(id);
    expect(refused.status).toBe(502);
    expect(refused.body.error).toMatchObject({ code: "vendor_refused" });
    expect(refused.body.error?.message).toMatch(/401: token invalid/);

    vendor.credentials = MGR;
    const again = await retry(id);
    expect(again.status).toBe(200);
    expect((await detail(id)).retriedAs.map((entry) => entry.outcome)).toEqual(["submitted", "refused"]);
  });

  it("records a submission the vendor did not answer as outcome unknown, and never sends it again", async () => {
    const id = await sourceTask([[cmd("k.png"), true]]);
    vendor.setSubmitBehavior({ kind: "hang" });
    const before = vendor.submissions.length;
    const unknown = await retry(id);
    expect(unknown.status).toBe(504);
    expect(unknown.body.error?.message).toMatch(/may or may not have been taken/);
    expect(unknown.body.submitted).toMatchObject([{ outcome: "unknown" }]);
    vendor.setSubmitBehavior({ kind: "normal" });
    expect((await retry(id)).status).toBe(409);
    expect(vendor.submissions.length - before).toBe(1);

    // Only a person who has checked the vendor frees the items, and it is on the record.
    const submissionId = (unknown.body.submitted?.[0] as Submitted & { id: string }).id;
    const release = async () => (await app.signedInFetch(`/api/retries/${submissionId}/release`, { method: "POST" })).status;
    expect(await release()).toBe(200);
    expect(await release()).toBe(409);
    expect((await retry(id)).status).toBe(200);
    expect((await detail(id)).retriedAs.map((entry) => entry.outcome)).toEqual(["submitted", "released"]);
  });

  it("settles an unknown outcome when the vendor's callback for it arrives: taken after all, and linked", async () => {
    const id = await sourceTask([[cmd("late-a.png"), true], [cmd("late-b.png"), true]]);
    vendor.setSubmitBehavior({ kind: "hang", thenRun: true });
    const before = vendor.submissions.length;
    // The callback comes at once, before the 1 s the app waits for the answer: the app
    // hears that the vendor took it.
    const answer = await retry(id);
    const taken = vendor.submissions[before]?.persistentId;
    expect(taken).toBeTruthy();
    expect(answer.status).toBe(200);
    expect(answer.body.submitted).toMatchObject([{ outcome: "submitted", persistentId: taken }]);
    await expect.poll(async () => (await detail(id)).retriedAs.map((entry) => [entry.outcome, entry.persistentId]), { timeout: 10_000 }).toEqual([["submitted", taken]]);
    expect((await detail(taken ?? "")).retryOf?.persistentId).toBe(id);
    expect(vendor.submissions.length - before).toBe(1);

    // The callback comes after the app gave up waiting: "outcome unknown", then settled.
    const later = await sourceTask([[cmd("later-a.png"), true]]);
    vendor.setSubmitBehavior({ kind: "hang", thenRun: true, runMs: 1_500 });
    const unknown = await retry(later);
    expect(unknown.status).toBe(504);
    const takenLater = vendor.submissions.at(-1)?.persistentId;
    await expect.poll(async () => (await detail(later)).retriedAs.map((entry) => [entry.outcome, entry.persistentId]), { timeout: 10_000 }).toEqual([["submitted", takenLater]]);
    expect((await detail(takenLater ?? "")).retryOf?.persistentId).toBe(later);
  });

  it("is for operators: a viewer gets 403 and nothing is sent", async () => {
    const id = await sourceTask([[cmd("l.png"), true]]);
    const viewer = await signInOverHttp(app.url, TEST_VIEWER);
    const before = vendor.submissions.length;
    const answer = await retry(id, undefined, viewer.cookie ?? "");
    expect(answer.status).toBe(403);
    expect(answer.body.error?.code).toBe("forbidden");
    expect(vendor.submissions.length).toBe(before);
  });

  it("answers 409 for a task with no failed items, 404 for an unknown one, and refuses a cross-site post", async () => {
    const id = await sourceTask([[cmd("m.png"), false]]);
    expect((await retry(id)).status).toBe(409);
    expect((await retry("ff808081neverseen0000000000000001")).status).toBe(404);
    const crossSite = await app.signedInFetch(`/api/tasks/${id}/retry`, { method: "POST", headers: { origin: "https://evil.example.com", "sec-fetch-site": "cross-site" } });
    expect(crossSite.status).toBe(403);
  });
});

describe("retrying in bulk", () => {
  const bulk = async (body: unknown, cookie?: string) => {
    const init: RequestInit = { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json", ...(cookie ? { cookie } : {}) } };
    const response = cookie ? await fetch(`${app.url}/api/retries`, init) : await app.signedInFetch("/api/retries", init);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> & { error?: { message: string } } };
  };
  const notRetried = async (q: string) =>
    ((await (await app.signedInFetch(`/api/tasks?q=${q}&retried=no`)).json()) as { tasks: { persistentId: string }[] }).tasks.map((task) => task.persistentId).sort();

  it("shows a dry run first, then submits every matching task's failed items, and the list's 'not yet retried' empties", async () => {
    const ids = [await sourceTask([[cmd("bulk-a.png"), true], [fetchCmd("bulk-b.png"), true]]), await sourceTask([[cmd("bulk-c.png"), true], [cmd("bulk-d.png"), false]])];
    const q = "ff808081retrysrc";
    const waiting = await notRetried(q);
    expect(waiting).toEqual(expect.arrayContaining(ids));

    const before = vendor.submissions.length;
    const dry = await bulk({ q, dryRun: true });
    expect(dry.status).toBe(200);
    expect((dry.body.tasks as { persistentId: string }[]).map((task) => task.persistentId)).toEqual(expect.arrayContaining(ids));
    expect(dry.body.ops).toEqual(expect.arrayContaining([expect.objectContaining({ op: "delete", destructive: true }), expect.objectContaining({ op: "fetch", destructive: false })]));
    expect(dry.body.limits).toEqual({ tasks: 200, itemsPerSubmission: 500 });
    expect(vendor.submissions.length).toBe(before);

    const run = await bulk({ q });
    expect(run.status).toBe(200);
    const results = run.body.tasks as { persistentId: string; submitted: Submitted[] }[];
    for (const id of ids) expect(results.find((entry) => entry.persistentId === id)?.submitted.every((entry) => entry.outcome === "submitted")).toBe(true);
    expect(await notRetried(q)).not.toEqual(expect.arrayContaining([ids[0]]));
    expect(await notRetried(q)).not.toEqual(expect.arrayContaining([ids[1]]));
  });

  it("is for operators, and refuses a bad filter with the parameter named", async () => {
    const viewer = await signInOverHttp(app.url, TEST_VIEWER);
    expect((await bulk({ dryRun: true }, viewer.cookie ?? "")).status).toBe(403);
    const bad = await bulk({ state: "done", dryRun: true });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.message).toMatch(/^state: /);
    expect((await bulk({ dryRun: "yes" })).status).toBe(400);
  });
});

describe("the audit trail", () => {
  it("lists every submission with who, what and the vendor's answer, filtered, and exports it", async () => {
    const id = await sourceTask([[cmd("audit-a.png"), true]]);
    vendor.setSubmitBehavior({ kind: "refuse", status: 400, code: 400, message: "bucket is frozen" });
    expect((await retry(id)).status).toBe(502);
    vendor.setSubmitBehavior({ kind: "normal" });
    const taken = await retry(id);
    const child = taken.body.submitted?.[0]?.persistentId;

    type Audit = { entries: { requestedBy: string; sourcePersistentId: string; op: string; items: number; outcome: string; message: string | null; persistentId: string | null; vendorAnswer: string | null }[] };
    const audit = (await (await app.signedInFetch(`/api/audit?task=${id}`)).json()) as Audit;
    expect(audit.entries.map((entry) => [entry.requestedBy, entry.sourcePersistentId, entry.op, entry.items, entry.outcome])).toEqual([
      ["ops", id, "delete", 1, "submitted"],
      ["ops", id, "delete", 1, "refused"],
    ]);
    expect(audit.entries[0]?.persistentId).toBe(child);
    expect(audit.entries[0]?.vendorAnswer).toContain(child);
    expect(audit.entries[1]?.message).toMatch(/400: bucket is frozen/);
    // The new task's id finds the same submission.
    expect(((await (await app.signedInFetch(`/api/audit?task=${child}`)).json()) as Audit).entries).toHaveLength(1);
    expect(((await (await app.signedInFetch(`/api/audit?task=${id}&outcome=refused`)).json()) as Audit).entries).toHaveLength(1);

    const csv = await (await app.signedInFetch(`/api/exports/audit?format=csv&task=${id}`)).text();
    expect(csv.split("\r\n")[0]).toBe("at,finishedAt,requestedBy,sourcePersistentId,op,items,outcome,vendorStatus,message,persistentId,vendorAnswer");
    expect(csv.split("\r\n").filter(Boolean)).toHaveLength(3);
    const bad = await app.signedInFetch("/api/audit?op=teleport");
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/^op: /);
  });
});

