"use client";

import { usePathname } from "next/navigation";
import { LookupForm } from "@/components/lookup-form";
import { PageTitle } from "@/components/ui/page-title";

// The id of the address this page answers for, as the person typed it.
function idFromPath(pathname: string): string {
  const segment = pathname.split("/")[2] ?? "";
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

// A task id this dashboard has no record of (from a ticket, a chat): the form to ask the
// vendor, filled in.
export function UnknownTask() {
  const persistentId = idFromPath(usePathname());
  return (
    <>
      <PageTitle title="Task not known here">
        No callback or lookup has been recorded for <span className="break-all font-mono">{persistentId}</span>.
      </PageTitle>
      <LookupForm defaultPersistentId={persistentId} />
    </>
  );
}
