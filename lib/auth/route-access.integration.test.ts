// Walks every page and route handler under app/ and every server action in the build,
// and checks that an anonymous request is refused unless the route is on the public
// list. A new route is covered the moment its file exists. Runs against the production
// build (npm run build first), which is also where the action manifest comes from.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "@/scripts/test-support/app-server";
import { createTestDatabase, type TestDatabase } from "@/scripts/test-support/test-database";
import { FakeVendor } from "@/scripts/fake-vendor";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const APP_DIR = path.join(ROOT, "app");
// The only routes open to anonymous requests, and the benchmark's empty
// route, which answers 404 unless BENCH_ROUTES=true.
const PUBLIC_ROUTES = new Set(["/api/fmgr/callback", "/api/health", "/api/ready", "/login", "/metrics", "/api/bench/empty"]);
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

type Route = { path: string; kind: "page" | "handler"; methods: string[]; file: string };

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

// app/tasks/[persistentId]/page.tsx → /tasks/<sample>; route groups "(x)" vanish.
function urlPathOf(file: string): string {
  const segments = path.relative(APP_DIR, path.dirname(file)).split(path.sep).filter((segment) => segment && !/^\(.*\)$/.test(segment));
  return `/${segments.map((segment) => (segment.startsWith("[") ? "ff80808100000000route0walk" : segment)).join("/")}`;
}

async function discoverRoutes(): Promise<Route[]> {
  const routes: Route[] = [];
  for (const file of await filesUnder(APP_DIR)) {
    const name = path.basename(file);
    if (/^page\.(tsx|ts|jsx|js)$/.test(name)) routes.push({ path: urlPathOf(file), kind: "page", methods: ["GET"], file });
    if (/^route\.(ts|js)$/.test(name)) {
      const source = await readFile(file, "utf8");
      const methods = METHODS.filter((method) => new RegExp(`export\\s+(async\\s+function|function|const)\\s+${method}\\b`).test(source));
      routes.push({ path: urlPathOf(file), kind: "handler", methods, file });
    }
  }
  return routes;
}

let db: TestDatabase;
let vendor: FakeVendor;
let app: AppServer;
let routes: Route[];

beforeAll(async () => {
  routes = await discoverRoutes();
  db = await createTestDatabase("access");
  vendor = await FakeVendor.start();
  app = await startAppServer({ DATABASE_URL: db.url, FMGR_MGR_DOMAIN: vendor.url, RECONCILER_ENABLED: "false", LOG_LEVEL: "error" });
});

afterAll(async () => {
  await app?.stop();
  await vendor?.close();
  await db?.drop();
});

type ErrorBody = { error?: { code: string; message: string } };

describe("anonymous requests", () => {
  it("finds the routes it is meant to walk", () => {
    const paths = routes.map((route) => `${route.kind} ${route.path}`);
    expect(paths).toEqual(expect.arrayContaining(["page /", "page /tasks", "page /login", "handler /api/tasks", "handler /api/fmgr/callback"]));
    expect(routes.every((route) => route.methods.length > 0)).toBe(true);
  });

  it("are refused by every page and handler that is not public", async () => {
    const problems: string[] = [];
    for (const route of routes.filter((candidate) => !PUBLIC_ROUTES.has(candidate.path))) {
      for (const method of route.methods) {
        const response = await fetch(`${app.url}${route.path}?probe=1`, { method, redirect: "manual" });
        const what = `${method} ${route.path} (${path.relative(ROOT, route.file)})`;
        if (route.kind === "page") {
          const location = response.headers.get("location") ?? "";
          if (response.status !== 307 || !location.startsWith("/login?next=")) problems.push(`${what}: ${response.status} → ${location}`);
          else expect(decodeURIComponent(location.slice("/login?next=".length))).toBe(`${route.path}?probe=1`);
        } else {
          const body = method === "HEAD" ? {} : ((await response.json()) as ErrorBody);
          if (response.status !== 401 || (method !== "HEAD" && body.error?.code !== "session_required")) problems.push(`${what}: ${response.status}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("find the benchmark's empty route absent unless it is switched on", async () => {
    expect((await fetch(`${app.url}/api/bench/empty`, { method: "POST" })).status).toBe(404);
  });

  it("reach the public routes, and only those", async () => {
    const found = routes.filter((route) => PUBLIC_ROUTES.has(route.path));
    for (const route of found) {
      for (const method of route.methods) {
        const response = await fetch(`${app.url}${route.path}`, { method, redirect: "manual" });
        const body = await response.text();
        expect(body, `${method} ${route.path}`).not.toContain("session_required");
        expect(response.status, `${method} ${route.path}`).not.toBe(307);
      }
    }
    expect(found.map((route) => route.path).sort()).toEqual(["/api/bench/empty", "/api/fmgr/callback", "/api/health", "/api/ready", "/login", "/metrics"]);
  });

  it("are refused by every server action, wherever it is posted", async () => {
    const manifest = JSON.parse(await readFile(path.join(ROOT, ".next/server/server-reference-manifest.json"), "utf8")) as {
      node: Record<string, { workers: Record<string, unknown>; filename: string; exportedName: string }>;
    };
    const actions = Object.entries(manifest.node).filter(([, action]) => action.filename !== "app/login/actions.ts");
    expect(actions.map(([, action]) => action.exportedName).sort()).toEqual(["checkSignatureAction", "lookUpTaskAction", "releaseSubmissionAction", "retryTaskAction"]);
    const requestsBefore = vendor.statusRequests.length;
    for (const [id, action] of actions) {
      for (const worker of Object.keys(action.workers)) {
        const pagePath = worker.replace(/^app/, "").replace(/\/page$/, "").replace(/\[[^\]]+\]/g, "ff80808100000000route0walk") || "/";
        const response = await fetch(`${app.url}${pagePath}`, {
          method: "POST",
          headers: { "next-action": id, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component" },
          body: JSON.stringify([{ status: "idle" }, "$K1"]),
          redirect: "manual",
        });
        expect(response.status, `${action.exportedName} at ${pagePath}`).toBe(401);
      }
    }
    expect(vendor.statusRequests.length).toBe(requestsBefore);
  });

  it("cannot get past with a forged or tampered cookie", async () => {
    const cookie = await app.sessionCookie();
    expect((await app.signedInFetch("/api/tasks")).status).toBe(200);
    const [name, value = ""] = cookie.split("=");
    const tampered = `${name}=${value.slice(0, -6)}${value.slice(-6) === "AAAAAA" ? "BBBBBB" : "AAAAAA"}`;
    for (const forged of [tampered, `${name}=Fe26.2*1*forged`, `${name}=`]) {
      expect((await fetch(`${app.url}/api/tasks`, { headers: { cookie: forged } })).status).toBe(401);
    }
  });
});

describe("every server action", () => {
  it("checks the session itself, since an action can be posted to any page", async () => {
    const files = (await filesUnder(APP_DIR)).filter((file) => /\.(ts|tsx)$/.test(file));
    const missing: string[] = [];
    for (const file of files) {
      const source = await readFile(file, "utf8");
      if (!/^["']use server["']/.test(source.trimStart())) continue;
      // serverAction() checks the session unless it is told the action is public.
      const guarded = new Set(
        [...source.matchAll(/const (\w+) = serverAction\(\{([\s\S]*?)\n\}\);/g)]
          .filter(([, , options = ""]) => !/isPublic:\s*true/.test(options))
          .map(([, wrapped = ""]) => wrapped),
      );
      for (const match of source.matchAll(/export async function (\w+)\([^)]*\)[^{]*\{([\s\S]*?)\n\}/g)) {
        const [, name = "", body = ""] = match;
        const isSignInFlow = path.relative(ROOT, file) === path.join("app", "login", "actions.ts");
        const callsGuarded = [...guarded].some((wrapped) => body.includes(`return ${wrapped}(`));
        if (!isSignInFlow && !callsGuarded && !body.includes("await sessionRefusal()")) missing.push(`${path.relative(ROOT, file)}: ${name}`);
      }
    }
    expect(missing).toEqual([]);
  });
});

describe("cross-site requests", () => {
  it("are refused by every state-changing route handler, with the session cookie or not", async () => {
    const otherPort = `http://127.0.0.1:${app.port + 1}`;
    const refresh = (headers: Record<string, string>) => app.signedInFetch("/api/tasks/ff808081crosssite0000000001/refresh", { method: "POST", headers });
    const crossSite: Record<string, string>[] = [{ origin: otherPort }, { "sec-fetch-site": "same-site" }, { "sec-fetch-site": "cross-site", origin: "https://evil.example" }, { origin: "null" }];
    for (const headers of crossSite) {
      const response = await refresh(headers);
      expect(response.status, JSON.stringify(headers)).toBe(403);
      expect(((await response.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: "forbidden", message: expect.stringMatching(/^origin: /) as unknown });
    }
    // The same request from this site's own page, or from no page at all, goes through to the handler.
    const sameSite: Record<string, string>[] = [{ origin: app.url }, { "sec-fetch-site": "same-origin" }, {}];
    for (const headers of sameSite) {
      expect((await refresh(headers)).status, JSON.stringify(headers)).not.toBe(403);
    }
  });
});

describe("security headers", () => {
  it("are on pages, API answers, the callback, health and build files", async () => {
    const loginPage = await fetch(`${app.url}/login`);
    const html = await loginPage.text();
    const script = /src="(\/_next\/static\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const responses = {
      page: loginPage,
      signedInPage: await app.signedInFetch("/tasks"),
      api: await app.signedInFetch("/api/tasks"),
      refused: await fetch(`${app.url}/api/tasks`),
      callback: await fetch(`${app.url}/api/fmgr/callback`, { method: "POST", body: "x" }),
      health: await fetch(`${app.url}/api/health`),
      static: await fetch(`${app.url}${script}`),
    };
    for (const [what, response] of Object.entries(responses)) {
      expect(response.headers.get("x-content-type-options"), what).toBe("nosniff");
      expect(response.headers.get("referrer-policy"), what).toBe("strict-origin-when-cross-origin");
      if (what === "static") continue;
      expect(response.headers.get("content-security-policy"), what).toContain("frame-ancestors 'none'");
      expect(response.headers.get("x-frame-options"), what).toBe("DENY");
      expect(response.headers.has("strict-transport-security"), what).toBe(false);
    }
  });

  it("give pages a fresh nonce that their scripts carry, and no inline script without it", async () => {
    const [first, second] = [await app.signedInFetch("/"), await app.signedInFetch("/")];
    const nonceOf = (response: Response) => /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy") ?? "")?.[1];
    const nonce = nonceOf(first);
    expect(nonce).toBeDefined();
    expect(nonceOf(second)).not.toBe(nonce);
    const csp = first.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("'strict-dynamic'");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    const scripts = [...(await first.text()).matchAll(/<script\b([^>]*)>/g)].map((match) => match[1] ?? "");
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.filter((attributes) => !attributes.includes(`nonce="${nonce}"`))).toEqual([]);
  });

  it("add HSTS only when the request came over https", async () => {
    const response = await fetch(`${app.url}/login`, { headers: { "x-forwarded-proto": "https" } });
    expect(response.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
  });
});
