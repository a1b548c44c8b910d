// A fake CDNetworks management domain over real HTTP: serves GET /fmgr/status for the
// tasks it holds, misbehaves on request (delay, hang, 5xx, error document, garbage,
// reset, huge body), and sends callbacks like the vendor. Tests import it; the CLI in
// scripts/fake-vendor.ts runs it on its own with a small control API.
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { randomBytes, timingSafeEqual } from "node:crypto";
import { decodeBase64Text } from "@/lib/fmgr/base64";
import { managementToken, SUBMIT_OPS, type SubmitOp } from "@/lib/fmgr/submission";
import { deliverCallback, VENDOR_RETRY_DELAYS_MS, type CallbackOptions, type DeliveryReport } from "./callbacks";

export type StatusBehavior =
  | { kind: "normal" }
  | { kind: "delay"; ms: number }
  | { kind: "hang" }
  | { kind: "server-error"; status?: number; times?: number }
  | { kind: "error-document"; code: number; message: string; httpStatus?: number }
  | { kind: "garbage"; body?: string }
  | { kind: "reset" }
  | { kind: "huge"; bytes: number };

export type VendorTask = { id: string; [field: string]: unknown };

// How the fake takes a task submission (POST /fmgr/<op>): runs it, with every item
// succeeding unless `failCmds` names it; refuses it; or never answers (the submission is
// still taken, as a real vendor may have taken one whose answer was lost).
export type SubmitBehavior =
  | { kind: "normal"; failCmds?: readonly string[]; runMs?: number }
  | { kind: "refuse"; status: number; code: number; message: string }
  // Taken, but the answer never comes; with thenRun the task still runs and calls back.
  | { kind: "hang"; thenRun?: boolean; runMs?: number };

export type Credentials = { accessKey: string; secretKey: string };
export type SubmitRequest = { op: string; body: string; authorization: string | null; persistentId: string | null; at: number };
export type StatusRequest = { persistentId: string | null; at: number };

export const NOT_FOUND_DOCUMENT = { code: 404, message: "persistentId not found" };

export class FakeVendor {
  readonly tasks = new Map<string, VendorTask>();
  readonly statusRequests: StatusRequest[] = [];
  // The most status requests it was answering at one moment, to check callers' caps.
  peakConcurrentStatusRequests = 0;
  private activeStatusRequests = 0;
  private behaviors = new Map<string | null, StatusBehavior>();
  private failuresServed = new Map<string | null, number>();
  private sockets = new Set<Socket>();
  readonly submissions: SubmitRequest[] = [];
  private submitBehavior: SubmitBehavior = { kind: "normal" };
  // The account's keys: they sign management requests, and the vendor's callbacks.
  credentials: Credentials = { accessKey: "AK_mgr", secretKey: "SK_mgr_secret" };
  // Callback retries of submitted tasks: the vendor's schedule (three at once, then five a
  // minute apart) unless a test wants it faster.
  callbackRetryDelaysMs: readonly number[] = VENDOR_RETRY_DELAYS_MS;

  private constructor(private readonly server: http.Server) {
    server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
  }

  static async start(options: { port?: number; host?: string } = {}): Promise<FakeVendor> {
    const server = http.createServer();
    const vendor = new FakeVendor(server);
    server.on("request", (request, response) => void vendor.handle(request, response));
    await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve));
    return vendor;
  }

  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  setTask(task: VendorTask): void {
    this.tasks.set(task.id, structuredClone(task));
  }

  // For every id, or for one. Cleared with { kind: "normal" }.
  setStatusBehavior(behavior: StatusBehavior, persistentId: string | null = null): void {
    this.behaviors.set(persistentId, behavior);
    this.failuresServed.delete(persistentId);
  }

  setSubmitBehavior(behavior: SubmitBehavior): void {
    this.submitBehavior = behavior;
  }

  statusRequestsFor(persistentId: string): StatusRequest[] {
    return this.statusRequests.filter((request) => request.persistentId === persistentId);
  }

  deliverCallback(options: CallbackOptions): Promise<DeliveryReport> {
    return deliverCallback(options);
  }

  // What the vendor sends when a task finishes: one notification with every item, or
  // with separate = 1 one per finished item, in the order given.
  async notifyCompletion(options: Omit<CallbackOptions, "document"> & { task: VendorTask & { items: unknown[] }; separate?: boolean }): Promise<DeliveryReport[]> {
    const { task, separate, ...delivery } = options;
    if (!separate) return [await deliverCallback({ ...delivery, document: { ...task, separate: 0 } })];
    return Promise.all(separateNotifications(task).map((document) => deliverCallback({ ...delivery, document })));
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // POST /fmgr/<op>: checks the management token over path + "\n" + body, answers with the
  // new task's id, then runs it and notifies notifyURL as the vendor does.
  private async handleSubmission(request: http.IncomingMessage, response: http.ServerResponse, op: string, path: string): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const authorization = request.headers.authorization ?? null;
    const record: SubmitRequest = { op, body, authorization, persistentId: null, at: Date.now() };
    this.submissions.push(record);
    if (!(SUBMIT_OPS as readonly string[]).includes(op)) return sendJson(response, 404, { code: 404, message: `no operation ${op}` });
    const expected = Buffer.from(managementToken(this.credentials, path, body));
    const given = Buffer.from(authorization ?? "");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return sendJson(response, 401, { code: 401, message: "token invalid" });
    const form = new URLSearchParams(body.replace(/\+/g, "%2B"));
    const cmds = (form.get("fops") ?? "").split(";").filter(Boolean);
    const notifyUrl = decodeBase64Text(form.get("notifyURL") ?? "");
    if (cmds.length === 0 || !notifyUrl) return sendJson(response, 400, { code: 400, message: "fops and notifyURL are required" });
    const behavior = this.submitBehavior;
    if (behavior.kind === "refuse") return sendJson(response, behavior.status, { code: behavior.code, message: behavior.message });
    const persistentId = `ff8080819${randomBytes(12).toString("hex")}`;
    record.persistentId = persistentId;
    const separate = form.get("separate") === "1";
    const failCmds = new Set(behavior.kind === "normal" ? behavior.failCmds : []);
    const items = cmds.map((cmd) => ({ cmd, code: 1, desc: "processing", error: null }));
    this.setTask({ id: persistentId, code: 1, desc: "processing", separate: separate ? 1 : 0, items });
    if (behavior.kind === "hang") {
      if (behavior.thenRun) setTimeout(() => void this.finishSubmitted(persistentId, op as SubmitOp, notifyUrl, separate, failCmds), behavior.runMs ?? 50);
      return; // taken, but the answer never comes
    }
    sendJson(response, 200, { persistentId });
    setTimeout(() => void this.finishSubmitted(persistentId, op as SubmitOp, notifyUrl, separate, failCmds), behavior.runMs ?? 50);
  }

  private async finishSubmitted(persistentId: string, op: SubmitOp, notifyUrl: string, separate: boolean, failCmds: ReadonlySet<string>): Promise<void> {
    const task = this.tasks.get(persistentId) as VendorTask & { items: { cmd: string }[] };
    const items = task.items.map((item) => {
      const fails = failCmds.has(item.cmd);
      return { cmd: item.cmd, code: fails ? 20 : 6, desc: fails ? "failed" : "succeeded", error: fails ? `${op} failed again` : null, key: null, url: null, hash: null, fsize: null };
    });
    const finished = { ...task, code: 6, desc: "notification succeeded", items };
    this.setTask(finished);
    await this.notifyCompletion({ notifyUrl, ...this.credentials, task: { ...finished, code: 3 }, separate, retryDelaysMs: this.callbackRetryDelaysMs });
  }

  private behaviorFor(persistentId: string | null): { behavior: StatusBehavior; key: string | null } {
    if (persistentId !== null && this.behaviors.has(persistentId)) {
      return { behavior: this.behaviors.get(persistentId) ?? { kind: "normal" }, key: persistentId };
    }
    return { behavior: this.behaviors.get(null) ?? { kind: "normal" }, key: null };
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://fake-vendor");
    if (url.pathname.startsWith("/_control/")) return handleControl(this, request, response, url);
    const submitOp = /^\/fmgr\/([A-Za-z0-9]+)$/.exec(url.pathname)?.[1];
    if (request.method === "POST" && submitOp && submitOp !== "status") return this.handleSubmission(request, response, submitOp, url.pathname);
    if (request.method !== "GET" || url.pathname !== "/fmgr/status") {
      return sendJson(response, 404, { code: 404, message: "no such endpoint" });
    }
    const persistentId = url.searchParams.get("persistentId");
    this.statusRequests.push({ persistentId, at: Date.now() });
    this.activeStatusRequests += 1;
    this.peakConcurrentStatusRequests = Math.max(this.peakConcurrentStatusRequests, this.activeStatusRequests);
    response.once("close", () => (this.activeStatusRequests -= 1));
    const { behavior, key } = this.behaviorFor(persistentId);
    switch (behavior.kind) {
      case "hang":
        return;
      case "reset":
        return void request.socket.destroy();
      case "delay":
        await new Promise((resolve) => setTimeout(resolve, behavior.ms));
        break;
      case "server-error": {
        const served = this.failuresServed.get(key) ?? 0;
        if (behavior.times === undefined || served < behavior.times) {
          this.failuresServed.set(key, served + 1);
          return sendJson(response, behavior.status ?? 503, { code: behavior.status ?? 503, message: "service unavailable" });
        }
        break;
      }
      case "error-document":
        return sendJson(response, behavior.httpStatus ?? 200, { code: behavior.code, message: behavior.message });
      case "garbage":
        response.writeHead(200, { "content-type": "text/html" });
        return void response.end(behavior.body ?? "<html><body>502 Bad Gateway</body></html>");
      case "huge":
        response.writeHead(200, { "content-type": "application/json" });
        return void response.end(`{"id":"${persistentId ?? ""}","pad":"${"x".repeat(behavior.bytes)}"}`);
      case "normal":
        break;
    }
    const task = persistentId === null ? undefined : this.tasks.get(persistentId);
    if (!task) return sendJson(response, 404, NOT_FOUND_DOCUMENT);
    sendJson(response, 200, task);
  }
}

// docs/protocol.md, "Code families": code 1 while other operations still run, 2 once one has failed, 3 at the end.
export function separateNotifications(task: VendorTask & { items: unknown[] }): VendorTask[] {
  let failedSoFar = false;
  return task.items.map((item, index) => {
    const code = Number((item as { code?: unknown }).code);
    failedSoFar ||= [2, 18, 19, 20].includes(code);
    const isLast = index === task.items.length - 1;
    return { ...task, code: failedSoFar ? 2 : isLast ? 3 : 1, separate: 1, items: [item] };
  });
}

function sendJson(response: http.ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}

async function readJson(request: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

// POST /_control/tasks {task}, POST /_control/behavior {behavior, persistentId?},
// GET /_control/requests: for driving a fake vendor that runs in another process.
async function handleControl(vendor: FakeVendor, request: http.IncomingMessage, response: http.ServerResponse, url: URL): Promise<void> {
  try {
    if (request.method === "POST" && url.pathname === "/_control/tasks") {
      vendor.setTask((await readJson(request)) as VendorTask);
      return sendJson(response, 200, { ok: true });
    }
    if (request.method === "POST" && url.pathname === "/_control/submit-behavior") {
      vendor.setSubmitBehavior((await readJson(request)) as SubmitBehavior);
      return sendJson(response, 200, { ok: true });
    }
    if (request.method === "GET" && url.pathname === "/_control/submissions") {
      return sendJson(response, 200, { submissions: vendor.submissions });
    }
    if (request.method === "POST" && url.pathname === "/_control/behavior") {
      const { behavior, persistentId } = (await readJson(request)) as { behavior: StatusBehavior; persistentId?: string };
      vendor.setStatusBehavior(behavior, persistentId ?? null);
      return sendJson(response, 200, { ok: true });
    }
    if (request.method === "GET" && url.pathname === "/_control/requests") {
      return sendJson(response, 200, { requests: vendor.statusRequests });
    }
    sendJson(response, 404, { error: "no such control endpoint" });
  } catch (error) {
    sendJson(response, 400, { error: (error as Error).message });
  }
}
