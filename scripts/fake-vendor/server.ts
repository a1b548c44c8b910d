// A fake CDNetworks management domain over real HTTP: serves GET /fmgr/status for the
// tasks it holds, misbehaves on request (delay, hang, 5xx, error document, garbage,
// reset, huge body), and sends callbacks like the vendor. Tests import it; the CLI in
// scripts/fake-vendor.ts runs it on its own with a small control API.
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { deliverCallback, type CallbackOptions, type DeliveryReport } from "./callbacks";

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

  private behaviorFor(persistentId: string | null): { behavior: StatusBehavior; key: string | null } {
    if (persistentId !== null && this.behaviors.has(persistentId)) {
      return { behavior: this.behaviors.get(persistentId) ?? { kind: "normal" }, key: persistentId };
    }
    return { behavior: this.behaviors.get(null) ?? { kind: "normal" }, key: null };
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://fake-vendor");
    if (url.pathname.startsWith("/_control/")) return handleControl(this, request, response, url);
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
