import type { CodeClass } from "@/lib/fmgr/codes";

const TONES: Record<CodeClass, string> = {
  pending: "bg-slate-100 text-slate-700 ring-slate-300 dark:bg-slate-800 dark:text-slate-200 dark:ring-slate-600",
  processing: "bg-sky-50 text-sky-800 ring-sky-300 dark:bg-sky-950 dark:text-sky-200 dark:ring-sky-700",
  succeeded: "bg-emerald-50 text-emerald-800 ring-emerald-300 dark:bg-emerald-950 dark:text-emerald-200 dark:ring-emerald-700",
  failed: "bg-red-50 text-red-800 ring-red-300 dark:bg-red-950 dark:text-red-200 dark:ring-red-700",
  unknown: "bg-amber-50 text-amber-900 ring-amber-300 dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-700",
};

// A null code is one the vendor has not sent yet: the label says so, with no number.
export function CodeBadge({ code, label, codeClass }: { code: number | null; label: string; codeClass: CodeClass }) {
  return (
    <span className={`inline-flex items-center gap-1 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset [overflow-wrap:normal] ${TONES[codeClass]}`}>
      {code !== null && (
        <>
          <span className="tabular-nums">{code}</span>
          <span aria-hidden="true">·</span>
        </>
      )}
      <span>{label}</span>
    </span>
  );
}
