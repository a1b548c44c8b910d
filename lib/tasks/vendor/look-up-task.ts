import "server-only";
import pLimit, { type LimitFunction } from "p-limit";
import { fetchTaskStatus, type StatusResult } from "@/lib/fmgr/status-client";
import { getEnv } from "@/lib/env";
import { AppError, isAppError } from "@/lib/errors";
import { describeLookupTaskCode } from "@/lib/fmgr/codes";
import { isDraining } from "@/lib/lifecycle";
import { getMetrics, secondsSince } from "@/lib/metrics";
import { processGlobal } from "@/lib/process-global";
import { ingestSnapshot, type IngestResult, type SnapshotSource } from "@/lib/tasks/ingest/ingest-snapshot";
import { failedLookupOf, recordLookup, type LookupOutcome } from "./record-lookup";

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

function describeAnswer(status: StatusResult): string {
  const { code, items } = status.document;
  const codeText = code === null ? "no task code" : `code ${code} (${describeLookupTaskCode(code).label})`;
  return `${codeText}, ${items.length.toLocaleString("en")} item(s)`;
}

// Asks the vendor for one task's status, under the process-wide cap, and records the
// answer as history (the raw answer is the JSON itself). Every attempt, failed or not, is
// kept in task_lookups. Counted by what asked (a person's refresh or the reconciler) and
// how it ended; the time is the vendor's, from the request to its answer, waiting for a
// free slot included.
export async function lookUpTask(persistentId: string, source: SnapshotSource): Promise<IngestResult> {
  const metrics = getMetrics();
  const trigger = source === "reconcile" ? "reconcile" : "refresh";
  const at = new Date();
  const started = performance.now();
  const record = (outcome: { outcome: LookupOutcome; message: string }, isNewTask = false) =>
    recordLookup({ persistentId, trigger: source === "reconcile" ? "automatic" : isNewTask ? "import" : "manual", ...outcome, durationMs: performance.now() - started, at });
  let status: StatusResult;
  try {
    status = await askVendor(persistentId, source);
  } catch (error) {
    const result = isAppError(error) ? error.code : "internal";
    metrics.lookups.inc({ trigger, result });
    metrics.lookupSeconds.observe({ result }, secondsSince(started));
    // A lookup that was never made (this instance is stopping) is not history.
    if (!(isAppError(error) && error.code === "shutting_down")) await record(failedLookupOf(error));
    throw error;
  }
  metrics.lookups.inc({ trigger, result: "ok" });
  metrics.lookupSeconds.observe({ result: "ok" }, secondsSince(started));
  let ingested: IngestResult;
  try {
    ingested = await ingestSnapshot({ document: status.document, source, raw: status.raw, json: status.raw });
  } catch (error) {
    await record(failedLookupOf(error));
    throw error;
  }
  await record({ outcome: "ok", message: describeAnswer(status) }, ingested.isNewTask);
  return ingested;
}
