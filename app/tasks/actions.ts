"use server";

import { z } from "zod";
import { formBoolean } from "@/lib/http/form-fields";
import { serverAction } from "@/lib/http/server-action";
import { refreshTask } from "@/lib/tasks/vendor/refresh-task";
import type { TaskState } from "@/lib/tasks/task-state";

export type LookupState =
  | { status: "idle" }
  | { status: "found"; persistentId: string; state: TaskState; itemCount: number; failedCount: number }
  | { status: "error"; message: string };

const lookUpTask = serverAction({
  fields: ["persistentId", "force"],
  schema: z.object({
    persistentId: z.string("Enter a persistentId.").max(1000, "That is far too long for a persistentId."),
    force: formBoolean,
  }),
  failed: (message): LookupState => ({ status: "error", message }),
  run: async (input): Promise<LookupState> => {
    const detail = await refreshTask({ persistentId: input.persistentId, force: input.force });
    const { persistentId, state, itemCount, failedCount } = detail.task;
    return { status: "found", persistentId, state, itemCount, failedCount };
  },
});

// "Ask the vendor": looks a task up now and stores it, for the pages.
export async function lookUpTaskAction(previous: LookupState, formData: FormData): Promise<LookupState> {
  return lookUpTask(previous, formData);
}
