import "server-only";
import { parsePersistentId } from "@/lib/fmgr/persistent-id";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { getTaskDetail, type TaskDetail } from "@/lib/tasks/queries/get-task-detail";
import type { SnapshotSource } from "@/lib/tasks/ingest/ingest-snapshot";
import { lookUpTask } from "./look-up-task";
import { processGlobal } from "@/lib/process-global";

// Refreshes of one id that overlap share one vendor request (50 clicks, two users).
const inFlight = processGlobal("refreshesInFlight", () => new Map<string, Promise<TaskDetail>>());

function isCheckedWithin(detail: TaskDetail, windowMs: number): boolean {
  const checkedAt = detail.task.lastCheckedAt;
  return windowMs > 0 && checkedAt !== null && Date.now() - Date.parse(checkedAt) < windowMs;
}

// A person's "Refresh from vendor" or "Ask the vendor": looks the task up now and answers
// with its stored detail (an unknown id is imported). A lookup made moments ago is
// reused unless `force` is set, and overlapping refreshes of one id share one lookup.
export async function refreshTask(options: { persistentId: string; force?: boolean; source?: SnapshotSource }): Promise<TaskDetail> {
  const parsed = parsePersistentId(options.persistentId);
  if (!parsed.ok) throw new AppError("invalid_persistent_id", parsed.message);
  const { persistentId } = parsed;

  // Registered before anything is awaited, so every overlapping call finds it.
  const running = inFlight.get(persistentId);
  if (running) return running;
  const refresh = (async () => {
    if (!options.force) {
      const detail = await getTaskDetail(persistentId);
      if (detail && isCheckedWithin(detail, getEnv().FMGR_REFRESH_REUSE_MS)) return detail;
    }
    await lookUpTask(persistentId, options.source ?? "lookup");
    const detail = await getTaskDetail(persistentId);
    if (!detail) throw new AppError("internal", "The task was stored but could not be read back.");
    return detail;
  })().finally(() => inFlight.delete(persistentId));
  inFlight.set(persistentId, refresh);
  return refresh;
}
