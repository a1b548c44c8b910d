import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { FakeVendor } from "@/scripts/fake-vendor";
import { fetchTaskStatus, statusUrl } from "./status-client";

const SEED = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "fixtures/seed-callback-body.json"), "utf8")) as { id: string };
const ID = SEED.id;

let vendor: FakeVendor;

beforeAll(async () => {
  vendor = await FakeVendor.start();
});
afterAll(() => vendor.close());
beforeEach(() => {
  vendor.setStatusBehavior({ kind: "normal" });
  vendor.setTask({ ...SEED, id: ID });
  vendor.statusRequests.length = 0;
});

async function lookUpExpectingError(id: string, options: { timeoutMs?: number; maxBodyBytes?: number; baseUrl?: string } = {}) {
  const started = performance.now();
  const error = await fetchTaskStatus(id, { baseUrl: vendor.url, backoffMs: 20, ...options }).then(
    () => {
      throw new Error("expected the lookup to fail");
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return { error: error as AppError, ms: performance.now() - started };
}

describe("fetchTaskStatus", () => {
  it("returns the vendor's document and its raw text", async () => {
    const result = await fetchTaskStatus(`  ${ID}\n`, { baseUrl: vendor.url });
    expect(result.document).toMatchObject({ id: ID, code: 3, items: [{ fsize: "6437836" }] });
    expect(JSON.parse(result.raw)).toEqual(SEED);
    expect(result.attempts).toBe(1);
    expect(vendor.statusRequests.map((request) => request.persistentId)).toEqual([ID]);
  });

  it("encodes the id into the query and keeps a base path", () => {
    expect(statusUrl("http://mgr.example.com/prefix/", "a.b_c-1").href).toBe("http://mgr.example.com/prefix/fmgr/status?persistentId=a.b_c-1");
  });

  it.each(["", "has space", "id/../../etc", "a".repeat(129), "<script>"])("rejects %j before any request", async (id) => {
    const { error } = await lookUpExpectingError(id);
    expect(error.code).toBe("invalid_persistent_id");
    expect(error.status).toBe(400);
    expect(vendor.statusRequests).toHaveLength(0);
  });

  it("reports an unknown id with the vendor's message, without retrying", async () => {
    const { error } = await lookUpExpectingError("ff80808100000000000000000000dead");
    expect(error).toMatchObject({ code: "vendor_refused", status: 502 });
    expect(error.userMessage).toContain("persistentId not found");
    expect(vendor.statusRequests).toHaveLength(1);
  });

  it("reports an error document sent with HTTP 200", async () => {
    vendor.setStatusBehavior({ kind: "error-document", code: 400, message: "invalid persistentId" });
    const { error } = await lookUpExpectingError(ID);
    expect(error.code).toBe("vendor_refused");
    expect(error.userMessage).toContain("(400): invalid persistentId");
  });

  it("retries a 5xx and succeeds when the vendor recovers", async () => {
    vendor.setStatusBehavior({ kind: "server-error", status: 503, times: 2 });
    const result = await fetchTaskStatus(ID, { baseUrl: vendor.url, backoffMs: 20 });
    expect(result.attempts).toBe(3);
    expect(vendor.statusRequests).toHaveLength(3);
  });

  it("gives up after 3 attempts at a vendor that keeps failing", async () => {
    vendor.setStatusBehavior({ kind: "server-error", status: 500 });
    const { error, ms } = await lookUpExpectingError(ID);
    expect(error.code).toBe("vendor_refused");
    expect(vendor.statusRequests).toHaveLength(3);
    expect(ms).toBeLessThan(2_000);
  });

  it("times out on a vendor that never answers, within the bound", async () => {
    vendor.setStatusBehavior({ kind: "hang" });
    const { error, ms } = await lookUpExpectingError(ID, { timeoutMs: 500 });
    expect(error).toMatchObject({ code: "vendor_timeout", status: 504 });
    expect(ms).toBeGreaterThanOrEqual(450);
    expect(ms).toBeLessThan(1_500);
  });

  it("times out on a slow vendor but waits for one within the bound", async () => {
    vendor.setStatusBehavior({ kind: "delay", ms: 800 });
    expect((await lookUpExpectingError(ID, { timeoutMs: 300 })).error.code).toBe("vendor_timeout");
    await expect(fetchTaskStatus(ID, { baseUrl: vendor.url, timeoutMs: 3_000 })).resolves.toMatchObject({ document: { id: ID } });
  });

  it("retries reset connections, then says the vendor is unreachable", async () => {
    vendor.setStatusBehavior({ kind: "reset" });
    const { error, ms } = await lookUpExpectingError(ID);
    expect(error).toMatchObject({ code: "vendor_unreachable", status: 502 });
    expect(vendor.statusRequests).toHaveLength(3);
    expect(ms).toBeLessThan(2_000);
  });

  it("says the vendor is unreachable when nothing listens", async () => {
    const { error, ms } = await lookUpExpectingError(ID, { baseUrl: "http://127.0.0.1:9" });
    expect(error.code).toBe("vendor_unreachable");
    expect(ms).toBeLessThan(2_000);
  });

  it("reports garbage as an invalid answer", async () => {
    vendor.setStatusBehavior({ kind: "garbage" });
    const { error } = await lookUpExpectingError(ID);
    expect(error).toMatchObject({ code: "vendor_invalid_response", status: 502 });
    expect(vendor.statusRequests).toHaveLength(1);
  });

  it("stops reading a huge answer at the cap", async () => {
    vendor.setStatusBehavior({ kind: "huge", bytes: 3 * 1024 * 1024 });
    const { error, ms } = await lookUpExpectingError(ID, { maxBodyBytes: 1024 * 1024 });
    expect(error.code).toBe("vendor_invalid_response");
    expect(error.userMessage).toContain("larger than 1 MiB");
    expect(ms).toBeLessThan(2_000);
  });

  it("refuses an answer about another task", async () => {
    vendor.tasks.set(ID, { ...SEED, id: "other" });
    const { error } = await lookUpExpectingError(ID);
    expect(error.code).toBe("vendor_invalid_response");
  });
});
