"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useActionState, useEffect } from "react";
import { releaseSubmissionAction, type ReleaseState } from "@/app/tasks/actions";
import { taskKeys } from "@/lib/tasks/query-keys";
import { FormAlert } from "@/components/ui/form-alert";
import { SubmitButton } from "@/components/ui/submit-button";

const IDLE: ReleaseState = { status: "idle" };

// For a submission of unknown outcome: an operator who has checked that the vendor holds
// no such task frees its items for another retry.
export function ReleaseButton({ persistentId, submissionId }: { persistentId: string; submissionId: string }) {
  const [result, release, isPending] = useActionState(releaseSubmissionAction, IDLE);
  const queryClient = useQueryClient();
  const router = useRouter();
  useEffect(() => {
    if (result.status !== "released") return;
    void queryClient.invalidateQueries({ queryKey: taskKeys.detail(persistentId) });
    router.refresh();
  }, [result, persistentId, queryClient, router]);
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
