import type { ReactNode } from "react";

// The primary button of a form whose action is running: disabled, and saying what is
// happening, so nobody clicks twice at 3 a.m. wondering whether it worked.
export function SubmitButton({ isPending, pendingLabel, children }: { isPending: boolean; pendingLabel: string; children: ReactNode }) {
  return (
    <button
      type="submit"
      disabled={isPending}
      className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-60 dark:bg-slate-100 dark:text-slate-900"
    >
      {isPending ? pendingLabel : children}
    </button>
  );
}
