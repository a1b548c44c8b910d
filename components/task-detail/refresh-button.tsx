"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useActionState, useEffect } from "react";
import { lookUpTaskAction, type LookupState } from "@/app/tasks/actions";
import { taskKeys } from "@/lib/tasks/query-keys";
import { FormAlert } from "@/components/ui/form-alert";
import { SubmitButton } from "@/components/ui/submit-button";

const IDLE: LookupState = { status: "idle" };

export function RefreshButton({ persistentId }: { persistentId: string }) {
  const queryClient = useQueryClient();
  const [result, refresh, isPending] = useActionState(lookUpTaskAction, IDLE);
  useEffect(() => {
    if (result.status === "found") void queryClient.invalidateQueries({ queryKey: taskKeys.detail(persistentId) });
  }, [result, persistentId, queryClient]);
  return (
    <div>
      <form action={refresh}>
        <input type="hidden" name="persistentId" value={persistentId} />
        <input type="hidden" name="force" value="true" />
        <SubmitButton isPending={isPending} pendingLabel="Asking the vendor…">
          Refresh from vendor
        </SubmitButton>
      </form>
      <div aria-live="polite" className="mt-1 text-sm">
        {result.status === "error" ? (
          <FormAlert message={result.message} />
        ) : null}
        {result.status === "found" && !isPending ? <p className="text-slate-600 dark:text-slate-400">Updated from the vendor.</p> : null}
      </div>
    </div>
  );
}
