"use client";

import type { ReactNode } from "react";

export const FOCUS_RESULTS_FLAG = "fmgr.focusResults";

// A plain GET form (it works before hydration and without JavaScript). Once hydrated it
// leaves empty fields out of the address, and asks the next page to put focus on its
// results heading rather than leave it on the page body.
export function FilterForm({ children }: { children: ReactNode }) {
  return (
    <form
      method="get"
      action="/tasks"
      role="search"
      aria-label="Search and filter tasks"
      className="flex flex-wrap items-end gap-2"
      onSubmit={(event) => {
        const empty = Array.from(event.currentTarget.elements).filter(
          (field): field is HTMLInputElement | HTMLSelectElement =>
            (field instanceof HTMLInputElement || field instanceof HTMLSelectElement) && field.name !== "" && field.value.trim() === "",
        );
        for (const field of empty) field.disabled = true;
        // The form's data is taken when this handler returns; a page restored by Back
        // must find its fields usable.
        setTimeout(() => empty.forEach((field) => (field.disabled = false)), 0);
        try {
          sessionStorage.setItem(FOCUS_RESULTS_FLAG, "1");
        } catch {
          // storage blocked: focus stays where the browser puts it
        }
      }}
    >
      {children}
    </form>
  );
}
