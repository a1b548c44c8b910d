import "server-only";
import { createHash } from "node:crypto";
import { getDb } from "@/lib/db/client";
import { inTransaction } from "@/lib/db/transaction";
import type { SqlRunner } from "@/lib/db/sql-runner";
import { getEnv } from "@/lib/env";
import { AppError, isAppError } from "@/lib/errors";
import { submitTask } from "@/lib/fmgr/submit-client";
import { DESTRUCTIVE_OPS, type SubmitOp } from "@/lib/fmgr/submission";
import { Prisma } from "@/lib/generated/prisma/client";
import { retryableItem } from "@/lib/tasks/queries/task-list-sql";
import { logger } from "@/lib/logger";
import { isPersistentId } from "@/lib/fmgr/persistent-id";
import { noteSubmissionAwaiting } from "./adopt-unknown";
import { planRetry, type FailedItem } from "./retry-plan";


export type RetryRequest = { persistentId: string; user: string; copyOrMove?: "copy" | "move" };
export type SubmittedRetry = { id: string; persistentId: string | null; op: SubmitOp; items: number; outcome: "submitted" | "refused" | "unknown"; message: string | null };
export type RetryResult = { submitted: SubmittedRetry[]; skipped: { op: string; items: number; reason: string }[] };

type Claim = { id: bigint; op: SubmitOp; cmds: string[]; itemIds: bigint[] };

export function retryConfiguration(): { ok: true; domain: string; notifyUrl: string; accessKey: string; secretKey: string } | { ok: false; missing: string[] } {
  const env = getEnv();
  const { FMGR_MGR_DOMAIN: domain, FMGR_CALLBACK_URL: notifyUrl, FMGR_MGR_ACCESS_KEY: accessKey, FMGR_MGR_SECRET_KEY: secretKey } = env;
  if (domain && notifyUrl && accessKey && secretKey) return { ok: true, domain, notifyUrl, accessKey, secretKey };
  const settings = { FMGR_MGR_DOMAIN: domain, FMGR_CALLBACK_URL: notifyUrl, FMGR_MGR_ACCESS_KEY: accessKey, FMGR_MGR_SECRET_KEY: secretKey };
  return { ok: false, missing: Object.entries(settings).filter(([, value]) => !value).map(([name]) => name) };
}

export function activeKeyOf(sourceTaskId: bigint, op: SubmitOp, itemIds: readonly bigint[]): string {
  const ids = [...itemIds].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).join(",");
  return createHash("sha256").update(`${sourceTaskId}|${op}|${ids}`).digest("hex");
}

function retryableItemsSql(taskId: bigint): Prisma.Sql {
  return Prisma.sql`
    SELECT i.id, i.op, i.cmd FROM task_items i
    WHERE i.task_id = ${taskId} AND ${retryableItem(Prisma.sql`${taskId}::bigint`)}
    ORDER BY i.index, i.id`;
}

export type RetryPreview = { ops: { op: SubmitOp; items: number; submissions: number; destructive: boolean }[]; skipped: RetryResult["skipped"]; needsCopyOrMove: boolean };

// What a retry would send now, for the confirmation: per operation, its items and how many
// vendor tasks they make. Nothing is claimed.
export async function previewRetry(taskId: bigint, copyOrMove?: "copy" | "move"): Promise<RetryPreview> {
  const items = await getDb().$queryRaw<FailedItem[]>(retryableItemsSql(taskId));
  const plan = planRetry(items, copyOrMove);
  const ops = new Map<SubmitOp, { items: number; submissions: number }>();
  for (const chunk of plan.chunks) {
    const entry = ops.get(chunk.op) ?? { items: 0, submissions: 0 };
    ops.set(chunk.op, { items: entry.items + chunk.items.length, submissions: entry.submissions + 1 });
  }
  return {
    ops: [...ops].map(([op, entry]) => ({ op, ...entry, destructive: DESTRUCTIVE_OPS.has(op) })),
    skipped: plan.skipped,
    needsCopyOrMove: !copyOrMove && items.some((item) => item.op === "copy_or_move"),
  };
}

// The failed items of a task that no submission holds (in flight, taken, or of unknown
// outcome), read under the task's row lock so two operators cannot claim them twice.
async function claimItems(tx: SqlRunner, request: RetryRequest): Promise<{ sourceId: bigint; separate: boolean; claims: Claim[]; skipped: RetryResult["skipped"] }> {
  const [task] = await tx.query<{ id: bigint; separate: boolean }>(Prisma.sql`SELECT id, separate FROM tasks WHERE persistent_id = ${request.persistentId} FOR UPDATE`);
  if (!task) throw new AppError("not_found", `No task ${request.persistentId} is known here.`);
  const failed = await tx.query<FailedItem>(retryableItemsSql(task.id));
  const plan = planRetry(failed, request.copyOrMove);
  const claims: Claim[] = [];
  for (const chunk of plan.chunks) {
    const itemIds = chunk.items.map((item) => item.id);
    const [row] = await tx.query<{ id: bigint }>(Prisma.sql`
      INSERT INTO retry_submissions (active_key, source_task_id, requested_by, op, item_ids, item_count, outcome)
      VALUES (${activeKeyOf(task.id, chunk.op, itemIds)}, ${task.id}, ${request.user}, ${chunk.op}, ${itemIds}::bigint[], ${itemIds.length}, 'submitting')
      RETURNING id`);
    if (row) claims.push({ id: row.id, op: chunk.op, cmds: chunk.items.map((item) => item.cmd), itemIds });
  }
  return { sourceId: task.id, separate: task.separate, claims, skipped: plan.skipped };
}

// A submission the vendor took: recorded, and its task stored at once, pending, linked to
// the source (a callback that beat us here finds the row and only gains the link).
async function recordTaken(claim: Claim, sourceId: bigint, persistentId: string, status: number, answer: string): Promise<void> {
  await getDb().$executeRaw`
    WITH done AS (
      UPDATE retry_submissions SET outcome = 'submitted', persistent_id = ${persistentId}, vendor_status = ${status}, vendor_answer = ${answer}, finished_at = now()
      WHERE id = ${claim.id}
    )
    INSERT INTO tasks (persistent_id, state, ops, retry_of_id)
    VALUES (${persistentId}, 'pending', ARRAY[${claim.op}]::text[], ${sourceId})
    ON CONFLICT (persistent_id) DO UPDATE SET retry_of_id = EXCLUDED.retry_of_id`;
}

// Refused or unreachable: nothing was taken, the items are free to try again. A timeout:
// the vendor may have taken it, so the items stay held and the outcome is "unknown".
// A callback of the new task may have settled it meanwhile (adopt-unknown.ts): then that
// stands, and is what the caller hears.
async function recordFailure(claim: Claim, error: AppError): Promise<{ outcome: SubmittedRetry["outcome"]; persistentId: string | null }> {
  const outcome = error.code === "vendor_timeout" ? "unknown" : "refused";
  const detail = error.detail as { status?: number; answer?: string };
  const updated = await getDb().$executeRaw`
    UPDATE retry_submissions SET outcome = ${outcome}, message = ${error.userMessage}, vendor_status = ${detail.status ?? null},
      vendor_answer = ${detail.answer ?? null}, finished_at = now(),
      active_key = CASE WHEN ${outcome} = 'unknown' THEN active_key ELSE NULL END
    WHERE id = ${claim.id} AND outcome = 'submitting'`;
  if (updated === 1) return { outcome, persistentId: null };
  const settled = await getDb().retrySubmission.findUniqueOrThrow({ where: { id: claim.id }, select: { persistentId: true } });
  return { outcome: "submitted", persistentId: settled.persistentId };
}

// Submits the failed items of one task to the vendor, one vendor task per operation (and
// per MAX_ITEMS_PER_SUBMISSION items), each recorded before it is sent.
export async function retryTask(request: RetryRequest): Promise<RetryResult> {
  const config = retryConfiguration();
  if (!config.ok) throw new AppError("vendor_not_configured", `Retries need ${config.missing.join(", ")} to be set.`);
  if (!isPersistentId(request.persistentId)) throw new AppError("invalid_persistent_id", "That is not a persistentId.");
  const { sourceId, separate, claims, skipped } = await inTransaction((tx) => claimItems(tx, request));
  if (claims.length > 0) noteSubmissionAwaiting();
  if (claims.length === 0) {
    const why = skipped.length > 0 ? ` ${skipped.map((entry) => `${entry.items} ${entry.op}: ${entry.reason}`).join("; ")}.` : "";
    throw new AppError("conflict", `Task ${request.persistentId} has no failed items left to retry: none failed, or they were submitted already.${why}`);
  }
  const submitted: SubmittedRetry[] = [];
  for (const claim of claims) {
    try {
      const taken = await submitTask(
        { op: claim.op, cmds: claim.cmds, notifyUrl: config.notifyUrl, separate },
        { baseUrl: config.domain, accessKey: config.accessKey, secretKey: config.secretKey, timeoutMs: getEnv().FMGR_LOOKUP_TIMEOUT_MS },
      );
      await recordTaken(claim, sourceId, taken.persistentId, taken.status, taken.answer);
      submitted.push({ id: claim.id.toString(), persistentId: taken.persistentId, op: claim.op, items: claim.itemIds.length, outcome: "submitted", message: null });
    } catch (error) {
      if (!isAppError(error)) throw error;
      const recorded = await recordFailure(claim, error);
      logger.warn({ persistentId: request.persistentId, op: claim.op, outcome: recorded.outcome, err: error }, "a retry submission did not go through");
      const message = recorded.outcome === "submitted" ? "The vendor's answer did not come, but its callback did: the task was taken." : error.userMessage;
      submitted.push({ id: claim.id.toString(), persistentId: recorded.persistentId, op: claim.op, items: claim.itemIds.length, outcome: recorded.outcome, message });
    }
  }
  return { submitted, skipped };
}

// An operator's word that a submission of unknown outcome was not taken (the vendor shows
// no such task): its items may be retried again. Recorded on the submission, by name.
export async function releaseUnknownSubmission(submissionId: string, user: string): Promise<void> {
  if (!/^\d{1,18}$/.test(submissionId)) throw new AppError("invalid_request", "submission: not a submission id");
  const released = await getDb().$executeRaw`
    UPDATE retry_submissions SET outcome = 'released', active_key = NULL,
      message = concat_ws(' ', message, ${`Released by ${user} at ${new Date().toISOString()}: the vendor did not take it.`}::text)
    WHERE id = ${BigInt(submissionId)} AND outcome = 'unknown'`;
  if (released === 0) throw new AppError("conflict", "Only a submission whose outcome is unknown can be released; this one is not (any more).");
}
