"use client";

import { useActionState } from "react";
import { releaseSubmissionAction, type ReleaseState } from "@/app/tasks/actions";
import { useReloadTaskAfter } from "./use-reload-task";
import { FormAlert } from "@/components/ui/form-alert";
import { SubmitButton } from "@/components/ui/submit-button";

const IDLE: ReleaseState = { status: "idle" };

// For a submission of unknown outcome: an operator who has checked that the vendor holds
// no such task frees its items for another retry.
export function ReleaseButton({ persistentId, submissionId }: { persistentId: string; submissionId: string }) {
  const [result, release, isPending] = useActionState(releaseSubmissionAction, IDLE);
  useReloadTaskAfter(result.status === "released" ? result : null, persistentId);
  return (
    <form action={release} className="w-full">
      <input type="hidden" name="submission" value={submissionId} />
      <SubmitButton isPending={isPending} pendingLabel="Releasing…">
        The vendor did not take it: release the items
      </SubmitButton>
      {result.status === "error" ? <FormAlert message={result.message} /> : null}
    </form>
  );
}
