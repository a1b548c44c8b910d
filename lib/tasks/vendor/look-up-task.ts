import "server-only";
import pLimit, { type LimitFunction } from "p-limit";
import { fetchTaskStatus, type StatusResult } from "@/lib/fmgr/status-client";
import { getEnv } from "@/lib/env";
import { AppError, isAppError } from "@/lib/errors";
import { isDraining } from "@/lib/lifecycle";
import { getMetrics, secondsSince } from "@/lib/metrics";
import { processGlobal } from "@/lib/process-global";
import { ingestSnapshot, type IngestResult, type SnapshotSource } from "@/lib/tasks/ingest/ingest-snapshot";

// One cap on calls to the vendor for the whole process, shared by people's refreshes and
// the reconciler, so a busy round cannot crowd out someone waiting at 3 a.m.
function vendorLimit(): LimitFunction {
  return processGlobal("vendorLimit", () => pLimit(getEnv().FMGR_LOOKUP_CONCURRENCY));
}

function askVendor(persistentId: string, source: SnapshotSource): Promise<StatusResult> {
  const env = getEnv();
  const baseUrl = env.FMGR_MGR_DOMAIN;
  if (!baseUrl) {
    return Promise.reject(new AppError("vendor_not_configured", "No vendor domain is configured (FMGR_MGR_DOMAIN), so tasks cannot be looked up."));
  }
  return vendorLimit()(() => {
    // The reconciler's lookups still queued when the process starts to stop are not made:
    // their claims go back to the database for another instance.
    if (source === "reconcile" && isDraining()) return Promise.reject(new AppError("shutting_down", "This instance is shutting down."));
    return fetchTaskStatus(persistentId, { baseUrl, timeoutMs: env.FMGR_LOOKUP_TIMEOUT_MS });
  });
}

// Asks the vendor for one task's status, under the process-wide cap, and records the
// answer as history (the raw answer is the JSON itself). Counted by what asked (a
// person's refresh or the reconciler) and how it ended; the time is the vendor's, from
// the request to its answer, waiting for a free slot included.
export async function lookUpTask(persistentId: string, source: SnapshotSource): Promise<IngestResult> {
  const metrics = getMetrics();
  const trigger = source === "reconcile" ? "reconcile" : "refresh";
  const started = performance.now();
  let status: StatusResult;
  try {
    status = await askVendor(persistentId, source);
  } catch (error) {
    const result = isAppError(error) ? error.code : "internal";
    metrics.lookups.inc({ trigger, result });
    metrics.lookupSeconds.observe({ result }, secondsSince(started));
    throw error;
  }
  metrics.lookups.inc({ trigger, result: "ok" });
  metrics.lookupSeconds.observe({ result: "ok" }, secondsSince(started));
  return ingestSnapshot({ document: status.document, source, raw: status.raw, json: status.raw });
}
