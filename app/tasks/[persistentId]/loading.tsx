export default function Loading() {
  return (
    <div aria-busy="true" aria-label="Loading the task" className="animate-pulse space-y-4">
      <div className="h-7 w-96 max-w-full rounded bg-slate-200 dark:bg-slate-800" />
      <div className="h-32 rounded-lg bg-slate-200 dark:bg-slate-800" />
      <div className="h-48 rounded-lg bg-slate-200 dark:bg-slate-800" />
    </div>
  );
}
