"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { taskKeys } from "@/lib/tasks/query-keys";

// After an action changed a task (a retry, a release): its detail is fetched again, and
// the server parts of the page (what a retry would send) are rendered again, once for
// each result the action gives (null: nothing changed).
export function useReloadTaskAfter(result: object | null, persistentId: string): void {
  const queryClient = useQueryClient();
  const router = useRouter();
  useEffect(() => {
    if (!result) return;
    void queryClient.invalidateQueries({ queryKey: taskKeys.detail(persistentId) });
    router.refresh();
  }, [result, persistentId, queryClient, router]);
}
