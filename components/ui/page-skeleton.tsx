// Shown while a page's data loads, in the page's shape so nothing jumps when it arrives.
export function PageSkeleton({ label, rows = 6 }: { label: string; rows?: number }) {
  return (
    <div aria-busy="true" aria-label={label} className="animate-pulse space-y-4">
      <div className="h-7 w-48 rounded bg-slate-200 dark:bg-slate-800" />
      <div className="h-4 w-96 max-w-full rounded bg-slate-200 dark:bg-slate-800" />
      <div className="space-y-2">
        {Array.from({ length: rows }, (_, index) => (
          <div key={index} className="h-10 rounded bg-slate-200 dark:bg-slate-800" />
        ))}
      </div>
    </div>
  );
}
