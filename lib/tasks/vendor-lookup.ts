import "server-only";
import pLimit, { type LimitFunction } from "p-limit";
import { fetchTaskStatus, type StatusResult } from "@/lib/fmgr/status-client";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { ingestSnapshot, type IngestResult, type SnapshotSource } from "./ingest-snapshot";

// One cap on calls to the vendor for the whole process, shared by people's refreshes and
// the reconciler, so a busy round cannot crowd out someone waiting at 3 a.m.
const holder = globalThis as unknown as { fmgrVendorLimit?: LimitFunction };

function vendorLimit(): LimitFunction {
  holder.fmgrVendorLimit ??= pLimit(getEnv().FMGR_LOOKUP_CONCURRENCY);
  return holder.fmgrVendorLimit;
}

export function lookUpAtVendor(persistentId: string): Promise<StatusResult> {
  const env = getEnv();
  const baseUrl = env.FMGR_MGR_DOMAIN;
  if (!baseUrl) {
    return Promise.reject(new AppError("vendor_not_configured", "No vendor domain is configured (FMGR_MGR_DOMAIN), so tasks cannot be looked up."));
  }
  return vendorLimit()(() => fetchTaskStatus(persistentId, { baseUrl, timeoutMs: env.FMGR_LOOKUP_TIMEOUT_MS }));
}

// Asks the vendor and records its answer as history (the raw answer is the JSON itself).
export async function lookUpAndIngest(persistentId: string, source: SnapshotSource): Promise<IngestResult> {
  const { document, raw } = await lookUpAtVendor(persistentId);
  return ingestSnapshot({ document, source, raw, json: raw });
}
