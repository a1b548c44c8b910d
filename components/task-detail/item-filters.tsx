import Link from "next/link";
import { OperationSelect } from "@/components/ui/operation-select";
import { formatCount } from "@/lib/format";
import type { TaskDetail } from "@/lib/tasks/queries/get-task-detail";
import { ITEM_PARAMS } from "@/lib/tasks/queries/item-params";

const inputClass = "w-full rounded-md border border-slate-300 bg-transparent px-2 py-1 text-sm dark:border-slate-700";

// A link to this task's items with some parameters changed; the cursor is dropped, and
// empty values stay out of the address.
export function itemsHref(persistentId: string, search: URLSearchParams, change: Record<string, string | null>): string {
  const params = new URLSearchParams();
  for (const name of ITEM_PARAMS) {
    const value = name in change ? change[name] : name === "itemsCursor" ? null : search.get(name);
    if (value) params.set(name, value);
  }
  const text = params.toString();
  return `/tasks/${encodeURIComponent(persistentId)}${text ? `?${text}` : ""}#items-heading`;
}

// Class facets with their counts, and a plain GET form for code, operation, key and
// order: it works before hydration and without JavaScript.
export function ItemFilters({ task, search }: { task: TaskDetail["task"]; search: URLSearchParams }) {
  const current = search.get("items") ?? "";
  const facets = [
    { value: "", label: "All", count: task.itemCount },
    { value: "failed", label: "Failed", count: task.failedCount },
    { value: "pending", label: "Not finished", count: task.pendingCount },
    { value: "succeeded", label: "Succeeded", count: task.succeededCount },
  ];
  return (
    <div className="mb-3 space-y-2">
      <nav aria-label="Items by outcome" className="flex flex-wrap gap-2">
        {facets.map((facet) => (
          <Link
            key={facet.value || "all"}
            href={itemsHref(task.persistentId, search, { items: facet.value || null })}
            prefetch={false}
            aria-current={current === facet.value ? "true" : undefined}
            className={`rounded-full px-3 py-1 text-xs font-medium ring-1 ring-inset ${
              current === facet.value ? "bg-slate-900 text-white ring-slate-900 dark:bg-slate-100 dark:text-slate-900" : "ring-slate-300 dark:ring-slate-700"
            }`}
          >
            {facet.label} <span className="tabular-nums">{formatCount(facet.count)}</span>
          </Link>
        ))}
      </nav>
      <form method="get" action={`/tasks/${encodeURIComponent(task.persistentId)}#items-heading`} className="grid grid-cols-2 items-end gap-2 sm:flex sm:flex-wrap" aria-label="Filter the items">
        {current ? <input type="hidden" name="items" value={current} /> : null}
        <label className="col-span-2 flex min-w-0 flex-col gap-1 text-sm sm:w-64">
          <span className="text-slate-600 dark:text-slate-400">Key contains</span>
          <input name="itemsQ" defaultValue={search.get("itemsQ") ?? ""} autoComplete="off" spellCheck={false} className={`${inputClass} font-mono`} />
        </label>
        <label className="flex min-w-0 flex-col gap-1 text-sm sm:w-24">
          <span className="text-slate-600 dark:text-slate-400">Code</span>
          <input name="code" inputMode="numeric" pattern="-?[0-9]*" defaultValue={search.get("code") ?? ""} className={inputClass} />
        </label>
        <OperationSelect defaultValue={search.get("op") ?? ""} className={inputClass} labelClassName="flex min-w-0 flex-col gap-1 text-sm" />
        <label className="flex min-w-0 flex-col gap-1 text-sm">
          <span className="text-slate-600 dark:text-slate-400">Order</span>
          <select name="order" defaultValue={search.get("order") ?? "failures"} className={inputClass}>
            <option value="failures">Failures first</option>
            <option value="index">As submitted</option>
          </select>
        </label>
        <button type="submit" className="rounded-md bg-slate-900 px-3 py-1 text-sm font-medium text-white dark:bg-slate-100 dark:text-slate-900">
          Show items
        </button>
      </form>
    </div>
  );
}
