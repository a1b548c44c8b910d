// Signing in over HTTP, as a browser without JavaScript would, against the production
// build (npm run build first) and the real Postgres.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "@/scripts/test-support/app-server";
import { hiddenInputs, signInOverHttp } from "@/scripts/test-support/sign-in-over-http";
import { createTestDatabase, type TestDatabase } from "@/scripts/test-support/test-database";
import { TEST_USER } from "@/scripts/test-support/test-user";
import { SIGN_IN_LIMITS } from "./sign-in";

let db: TestDatabase;
let app: AppServer;
let addressCounter = 0;

// Each test signs in from its own address, so the rate limits of one do not touch another.
function freshAddress(): Record<string, string> {
  addressCounter += 1;
  return { "x-forwarded-for": `198.51.100.${addressCounter}` };
}

beforeAll(async () => {
  db = await createTestDatabase("signin");
  app = await startAppServer({ DATABASE_URL: db.url, RECONCILER_ENABLED: "false", LOG_LEVEL: "info" });
});

afterAll(async () => {
  await app?.stop();
  await db?.drop();
});

describe("signing in", () => {
  it("sets an httpOnly, SameSite=Lax session cookie and returns to the page asked for", async () => {
    const result = await signInOverHttp(app.url, { ...TEST_USER, next: "/tasks?state=failed&limit=50" }, freshAddress());
    expect(result.status).toBe(303);
    expect(result.location).toBe("/tasks?state=failed&limit=50");
    expect(result.setCookie).toMatch(/^fmgr_session=Fe26\.2\*/);
    expect(result.setCookie).toMatch(/; HttpOnly/i);
    expect(result.setCookie).toMatch(/; SameSite=lax/i);
    expect(result.setCookie).toMatch(/; Path=\//);
    expect(result.setCookie).toMatch(/; Max-Age=43200/);
    expect(result.setCookie).not.toMatch(/; Secure/i);
    const page = await fetch(`${app.url}/tasks`, { headers: { cookie: result.cookie ?? "" } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`data-testid="current-user">${TEST_USER.name}<`);
  });

  it("marks the cookie Secure when the request came over https", async () => {
    const result = await signInOverHttp(app.url, TEST_USER, { ...freshAddress(), "x-forwarded-proto": "https" });
    expect(result.status).toBe(303);
    expect(result.setCookie).toMatch(/; Secure/i);
  });

  it.each([
    ["another site", "//evil.example/phish"],
    ["a javascript: URL", "javascript:alert(1)"],
    ["an absolute URL", "https://evil.example/"],
  ])("goes to the overview instead of %s", async (_label, next) => {
    const result = await signInOverHttp(app.url, { ...TEST_USER, next }, freshAddress());
    expect(result.status).toBe(303);
    expect(result.location).toBe("/");
  });

  it.each([
    ["a wrong password", { name: TEST_USER.name, password: "wrong" }],
    ["an unknown user", { name: "mallory", password: TEST_USER.password }],
    ["the user name in another case", { name: TEST_USER.name.toUpperCase(), password: TEST_USER.password }],
  ])("refuses %s with the same message and no cookie", async (_label, credentials) => {
    const result = await signInOverHttp(app.url, credentials, freshAddress());
    expect(result.status).toBe(200);
    expect(result.setCookie).toBeNull();
    expect(result.html).toContain("That user name and password do not match.");
  });

  it("never logs the password", () => {
    expect(app.output()).toContain('"msg":"signed in"');
    expect(app.output()).toContain('"msg":"sign-in refused"');
    expect(app.output()).not.toContain(TEST_USER.password);
  });
});

describe("failed sign-ins", () => {
  it(`are limited to ${SIGN_IN_LIMITS.perUserAndAddress} per user and address, and not for other addresses`, async () => {
    const attacker = freshAddress();
    for (let attempt = 0; attempt < SIGN_IN_LIMITS.perUserAndAddress; attempt++) {
      const result = await signInOverHttp(app.url, { name: TEST_USER.name, password: `guess-${attempt}` }, attacker);
      expect(result.html).toContain("do not match");
    }
    // Now even the right password is refused from there, with how long to wait...
    const blocked = await signInOverHttp(app.url, TEST_USER, attacker);
    expect(blocked.setCookie).toBeNull();
    expect(blocked.html).toMatch(/Too many failed sign-ins. Try again in 1[45] minutes\./);
    // ...while the same user signs in from elsewhere.
    const elsewhere = await signInOverHttp(app.url, TEST_USER, freshAddress());
    expect(elsewhere.status).toBe(303);
  });

  it("are counted even when they arrive all at once", async () => {
    const attacker = freshAddress();
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, attempt) => signInOverHttp(app.url, { name: TEST_USER.name, password: `burst-${attempt}` }, attacker)),
    );
    const checked = results.filter((result) => result.html.includes("do not match")).length;
    expect(checked).toBe(SIGN_IN_LIMITS.perUserAndAddress);
    expect(results.filter((result) => result.html.includes("Too many failed sign-ins")).length).toBe(12 - checked);
  });

  it("are counted per address across user names", async () => {
    const attacker = freshAddress();
    for (let attempt = 0; attempt < SIGN_IN_LIMITS.perAddress; attempt++) {
      const result = await signInOverHttp(app.url, { name: `user${attempt}`, password: "guess" }, attacker);
      expect(result.html).toContain("do not match");
    }
    expect((await signInOverHttp(app.url, TEST_USER, attacker)).html).toContain("Too many failed sign-ins");
  });
});

describe("the session", () => {
  it("ends at sign-out, and the page then sends the browser to sign in", async () => {
    const { cookie } = await signInOverHttp(app.url, TEST_USER, freshAddress());
    const overview = await fetch(`${app.url}/`, { headers: { cookie: cookie ?? "" } });
    const html = await overview.text();
    const actionField = /<input type="hidden" name="(\$ACTION_ID_[0-9a-f]+)"\/>/.exec(html)?.[1];
    expect(actionField).toBeDefined();
    const form = new FormData();
    form.append(actionField ?? "", "");
    const signOut = await fetch(`${app.url}/`, { method: "POST", body: form, headers: { cookie: cookie ?? "" }, redirect: "manual" });
    expect(signOut.status).toBe(303);
    expect(signOut.headers.get("location")).toBe("/login?signedOut=1");
    expect(signOut.headers.get("set-cookie")).toMatch(/^fmgr_session=;.*(Max-Age=0|Expires=Thu, 01 Jan 1970)/i);
  });
});

// Posts the form whose action field comes `index`-th on the page (0: the header's "Sign out").
async function postPageForm(path: string, cookie: string, index = 0): Promise<Response> {
  const html = await (await fetch(`${app.url}${path}`, { headers: { cookie } })).text();
  const fields = [...html.matchAll(/<input type="hidden" name="(\$ACTION_ID_[0-9a-f]+)"\/>/g)].map((match) => match[1] ?? "");
  expect(fields.length).toBeGreaterThan(index);
  const form = new FormData();
  form.append(fields[index] ?? "", "");
  return fetch(`${app.url}${path}`, { method: "POST", body: form, headers: { cookie }, redirect: "manual" });
}

const statusWith = async (cookie: string, path: string) => (await fetch(`${app.url}${path}`, { headers: { cookie }, redirect: "manual" })).status;

describe("sessions the server ends", () => {
  it("refuses a cookie copied before sign-out on the very next request", async () => {
    const { cookie = "" } = await signInOverHttp(app.url, TEST_USER, freshAddress());
    expect(await statusWith(cookie, "/api/tasks")).toBe(200);
    const signOut = await postPageForm("/", cookie);
    expect(signOut.status).toBe(303);
    expect(await statusWith(cookie, "/api/tasks")).toBe(401);
    expect(await statusWith(cookie, "/tasks")).toBe(307);
  });

  it("lists a user's sessions with where they came from, and signs out of all of them at once", async () => {
    const first = await signInOverHttp(app.url, TEST_USER, { ...freshAddress(), "user-agent": "Browser One/1.0" });
    const second = await signInOverHttp(app.url, TEST_USER, { ...freshAddress(), "user-agent": "Browser Two/2.0" });
    const page = await (await fetch(`${app.url}/account`, { headers: { cookie: first.cookie ?? "" } })).text();
    expect(page).toContain("Browser One/1.0");
    expect(page).toContain("Browser Two/2.0");
    expect(page).toContain(`198.51.100.${addressCounter}`);
    expect(page).toContain("this browser");

    const everywhere = await postPageForm("/account", second.cookie ?? "", 1);
    expect(everywhere.status).toBe(303);
    expect(everywhere.headers.get("location")).toBe("/login?signedOut=all");
    expect(await statusWith(first.cookie ?? "", "/api/tasks")).toBe(401);
    expect(await statusWith(second.cookie ?? "", "/api/tasks")).toBe(401);
  });
});

describe("the return path after sign-in", () => {
  const evil = ["/.//evil.example/x", "/..//evil.example/x", "/%2e//evil.example/x", "/\\evil.example", "/\t/evil.example"];
  const staysHome = (location: string | null) => new URL(location ?? "", "http://dashboard.example").origin === "http://dashboard.example";

  it("stays on this site for a signed-in user opening /login?next=…", async () => {
    const { cookie = "" } = await signInOverHttp(app.url, TEST_USER, freshAddress());
    for (const next of evil) {
      const response = await fetch(`${app.url}/login?next=${encodeURIComponent(next)}`, { headers: { cookie }, redirect: "manual" });
      expect(response.status, next).toBe(307);
      expect(staysHome(response.headers.get("location")), `${next} → ${response.headers.get("location")}`).toBe(true);
    }
  });

  it("stays on this site when the sign-in form is posted with a hostile next", async () => {
    for (const next of evil) {
      const result = await signInOverHttp(app.url, TEST_USER, freshAddress(), { postNext: next });
      expect(result.status, next).toBe(303);
      expect(staysHome(result.location), `${next} → ${result.location}`).toBe(true);
    }
  });
});

describe("the first start without DASHBOARD_USERS", () => {
  it("creates admin with a random password, prints it once and stores only its hash", async () => {
    const fresh = await createTestDatabase("firstadmin");
    try {
      const first = await startAppServer({ DATABASE_URL: fresh.url, DASHBOARD_USERS: "", SESSION_SECRET: "", RECONCILER_ENABLED: "false", LOG_LEVEL: "info" });
      const password = /created dashboard user \\"admin\\" with password (\S+) \./.exec(first.output())?.[1];
      expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
      const signedIn = await signInOverHttp(first.url, { name: "admin", password: password ?? "" }, freshAddress());
      expect(signedIn.status).toBe(303);
      await first.stop();

      const client = new pg.Client({ connectionString: fresh.url });
      await client.connect();
      const { rows } = await client.query<{ name: string; password_hash: string }>("SELECT name, password_hash FROM dashboard_accounts");
      await client.end();
      expect(rows).toHaveLength(1);
      expect(rows[0]?.password_hash).toMatch(/^scrypt\$15\$8\$1\$/);
      expect(rows[0]?.password_hash).not.toContain(password);

      const second = await startAppServer({ DATABASE_URL: fresh.url, DASHBOARD_USERS: "", SESSION_SECRET: "", RECONCILER_ENABLED: "false", LOG_LEVEL: "info" });
      expect(second.output()).not.toContain("with password");
      // Same generated session secret: the cookie from before the restart still works.
      expect((await fetch(`${second.url}/api/tasks`, { headers: { cookie: signedIn.cookie ?? "" } })).status).toBe(200);
      await second.stop();
    } finally {
      await fresh.drop();
    }
  }, 90_000);
});

describe("a flood of sign-ins", () => {
  it("is refused past the bound of waiting password checks (429 at the gate, or the form's message), while the rest of the app answers", async () => {
    const page = await (await fetch(`${app.url}/login`)).text();
    const form = hiddenInputs(page);
    const cookie = (await signInOverHttp(app.url, TEST_USER, freshAddress())).cookie ?? "";
    const answers = await Promise.all(
      Array.from({ length: 150 }, async (_, n) => {
        const body = new FormData();
        for (const [name, value] of form) body.append(name, value);
        body.append("name", `flood-${n}`);
        body.append("password", "wrong");
        const response = await fetch(`${app.url}/login`, { method: "POST", body, redirect: "manual", headers: { "x-forwarded-for": `203.0.113.${n}` } });
        const text = await response.text();
        // A request can pass the gate just before the queue fills; the sign-in then says so.
        if (response.status === 429 || text.includes("Too many sign-ins at once")) return "refused at once";
        return response.status === 200 && text.includes("do not match") ? "checked" : `unexpected ${response.status}`;
      }).concat([fetch(`${app.url}/api/task-counts`, { headers: { cookie } }).then((response) => `api ${response.status}`)]),
    );
    const counts = Object.fromEntries([...new Set(answers)].map((answer) => [answer, answers.filter((candidate) => candidate === answer).length]));
    expect(Object.keys(counts).sort()).toEqual(["api 200", "checked", "refused at once"]);
  });
});

// Last in the file: it uses up TEST_USER's name-wide limit for this database.
describe("a lockout attempt on one user name", () => {
  it("does not lock out a browser that has signed in as that user before, and only slows unknown ones", async () => {
    const known = await signInOverHttp(app.url, TEST_USER, freshAddress());
    expect(known.status).toBe(303);
    expect(known.deviceCookie).toMatch(/^fmgr_device=/);

    // A guesser forging addresses: failures until the name-wide limit answers (earlier
    // tests in this file have used some of it already).
    let throttled = "";
    for (let attempt = 0; attempt < SIGN_IN_LIMITS.perUser + 5 && !throttled; attempt++) {
      const result = await signInOverHttp(app.url, { name: TEST_USER.name, password: `lockout-${attempt}` }, freshAddress());
      if (result.html.includes("Too many failed sign-ins")) throttled = result.html;
      else expect(result.html).toContain("do not match");
    }
    // Past it an unknown device is slowed, not locked: a wait of seconds, not the window.
    expect(throttled).toContain("Too many failed sign-ins. Try again in 1 minute.");
    const unknown = await signInOverHttp(app.url, TEST_USER, freshAddress());
    expect(unknown.setCookie).toBeNull();
    expect(unknown.html).toContain("Too many failed sign-ins. Try again in 1 minute.");

    // The known browser signs in with the right password, from a new address.
    const again = await signInOverHttp(app.url, TEST_USER, { ...freshAddress(), cookie: known.deviceCookie ?? "" });
    expect(again.status).toBe(303);

    // A device cookie made for someone else counts for nothing here.
    const forOther = await signInOverHttp(app.url, { name: "someone-else", password: "x" }, freshAddress());
    expect(forOther.deviceCookie).toBeUndefined();
  });
});
