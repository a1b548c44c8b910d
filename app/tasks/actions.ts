"use server";

import { z } from "zod";
import { formBoolean } from "@/lib/http/form-fields";
import { serverAction } from "@/lib/http/server-action";
import { getCurrentAccount } from "@/lib/auth/current-user";
import { AppError } from "@/lib/errors";
import { releaseUnknownSubmission, retryTask, type SubmittedRetry } from "@/lib/retries/retry-task";
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

export type RetryState =
  | { status: "idle" }
  | { status: "done"; submitted: SubmittedRetry[] }
  | { status: "error"; message: string };

const retry = serverAction({
  fields: ["persistentId", "copyOrMove"],
  schema: z.object({
    persistentId: z.string("The form names no task.").max(200),
    copyOrMove: z.preprocess((value) => value || undefined, z.enum(["copy", "move"], { error: "Say copy or move." }).optional()),
  }),
  failed: (message): RetryState => ({ status: "error", message }),
  run: async (input): Promise<RetryState> => {
    const account = await getCurrentAccount();
    if (account?.role !== "operator") throw new AppError("forbidden", "Only operators can retry items at the vendor.");
    const result = await retryTask({ persistentId: input.persistentId, user: account.user, copyOrMove: input.copyOrMove });
    return { status: "done", submitted: result.submitted };
  },
});

// "Retry N failed items": the task's failed items, submitted to the vendor (operators).
export async function retryTaskAction(previous: RetryState, formData: FormData): Promise<RetryState> {
  return retry(previous, formData);
}

export type ReleaseState = { status: "idle" } | { status: "released" } | { status: "error"; message: string };

const release = serverAction({
  fields: ["submission"],
  schema: z.object({ submission: z.string("The form names no submission.").max(20) }),
  failed: (message): ReleaseState => ({ status: "error", message }),
  run: async (input): Promise<ReleaseState> => {
    const account = await getCurrentAccount();
    if (account?.role !== "operator") throw new AppError("forbidden", "Only operators can release a submission's items.");
    await releaseUnknownSubmission(input.submission, account.user);
    return { status: "released" };
  },
});

// "Release the items": a submission of unknown outcome the vendor did not take.
export async function releaseSubmissionAction(previous: ReleaseState, formData: FormData): Promise<ReleaseState> {
  return release(previous, formData);
}
