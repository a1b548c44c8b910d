"use server";

import { z } from "zod";
import { sessionRefusal } from "@/lib/auth/current-user";
import { isAppError } from "@/lib/errors";
import { inActionRequest } from "@/lib/http/action-request";
import { logger } from "@/lib/logger";
import { refreshTask } from "@/lib/tasks/vendor/refresh-task";
import type { TaskState } from "@/lib/tasks/task-state";

export type LookupState =
  | { status: "idle" }
  | { status: "found"; persistentId: string; state: TaskState; itemCount: number; failedCount: number }
  | { status: "error"; message: string };

const lookupInput = z.object({
  persistentId: z.string().max(1000, "That is far too long for a persistentId."),
  force: z.coerce.boolean().default(false),
});

// "Ask the vendor": looks a task up now and stores it, for the pages.
export async function lookUpTaskAction(_previous: LookupState, formData: FormData): Promise<LookupState> {
  const refusal = await sessionRefusal();
  if (refusal) return { status: "error", message: refusal };
  return await inActionRequest(() => lookUpTask(formData));
}

async function lookUpTask(formData: FormData): Promise<LookupState> {
  const input = lookupInput.safeParse({ persistentId: formData.get("persistentId") ?? "", force: formData.get("force") ?? undefined });
  if (!input.success) return { status: "error", message: input.error.issues[0]?.message ?? "Invalid input." };
  try {
    const detail = await refreshTask({ persistentId: input.data.persistentId, force: input.data.force });
    const { persistentId, state, itemCount, failedCount } = detail.task;
    return { status: "found", persistentId, state, itemCount, failedCount };
  } catch (error) {
    if (isAppError(error)) return { status: "error", message: error.userMessage };
    logger.error({ err: error }, "lookup action failed");
    return { status: "error", message: "The lookup failed unexpectedly; the details are in the server log." };
  }
}
