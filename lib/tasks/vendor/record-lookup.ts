import "server-only";
import { getDb } from "@/lib/db/client";
import { isAppError, type ErrorCode } from "@/lib/errors";
import { logger } from "@/lib/logger";

// manual: a person's refresh; automatic: the reconciler's; import: a person asking about
// an id not known here yet.
export type LookupTrigger = "manual" | "automatic" | "import";
export type LookupOutcome = "ok" | "refused" | "timeout" | "unreachable" | "invalid_answer" | "not_configured" | "error";

export type LookupAttempt = {
  persistentId: string;
  trigger: LookupTrigger;
  outcome: LookupOutcome;
  message: string;
  durationMs: number;
  at: Date;
};

const OUTCOME_OF: Partial<Record<ErrorCode, LookupOutcome>> = {
  vendor_refused: "refused",
  vendor_timeout: "timeout",
  vendor_unreachable: "unreachable",
  vendor_invalid_response: "invalid_answer",
  vendor_not_configured: "not_configured",
};

export function failedLookupOf(error: unknown): { outcome: LookupOutcome; message: string } {
  if (!isAppError(error)) return { outcome: "error", message: "The answer could not be stored; see the server log." };
  return { outcome: OUTCOME_OF[error.code] ?? "error", message: error.userMessage };
}

// One statement: the attempt is kept, and the task (if known) shows it as its last lookup.
// A failure opens or extends a run of failures ("failing since", with a count); a success
// ends it. A manual lookup of an id with no task is an import.
export async function recordLookup(attempt: LookupAttempt): Promise<void> {
  const isOk = attempt.outcome === "ok";
  try {
    await getDb().$executeRaw`
      WITH task AS (
        UPDATE tasks SET
          last_lookup_at = ${attempt.at}, last_lookup_outcome = ${attempt.outcome}, last_lookup_message = ${attempt.message},
          lookup_failing_since = CASE WHEN ${isOk} THEN NULL ELSE COALESCE(lookup_failing_since, ${attempt.at}) END,
          lookup_failures = CASE WHEN ${isOk} THEN 0 ELSE lookup_failures + 1 END
        WHERE persistent_id = ${attempt.persistentId}
        RETURNING id
      )
      INSERT INTO task_lookups (persistent_id, task_id, trigger, outcome, message, duration_ms, at)
      SELECT ${attempt.persistentId}, (SELECT id FROM task),
             CASE WHEN ${attempt.trigger} = 'manual' AND NOT EXISTS (SELECT 1 FROM task) THEN 'import' ELSE ${attempt.trigger} END,
             ${attempt.outcome}, ${attempt.message}, ${Math.round(attempt.durationMs)}, ${attempt.at}`;
  } catch (error) {
    // The lookup's own answer matters more than its record; the log keeps the loss.
    logger.error({ err: error, persistentId: attempt.persistentId }, "a lookup attempt could not be recorded");
  }
}
