"use client";

import { useState } from "react";
import type { DecompressPage } from "@/lib/tasks/queries/decompress-list";
import { formatCount } from "@/lib/format";

async function fetchPage(persistentId: string, itemId: string, q: string, offset: number): Promise<DecompressPage> {
  const params = new URLSearchParams({ offset: String(offset) });
  if (q) params.set("q", q);
  const response = await fetch(`/api/tasks/${encodeURIComponent(persistentId)}/items/${itemId}/decompress?${params.toString()}`, { cache: "no-store" });
  if (!response.ok) throw new Error(`The list could not be loaded (HTTP ${response.status}).`);
  return (await response.json()) as DecompressPage;
}

// The first page comes with the item; more, and filtering, are asked of the server page
// by page, so a list of 100,000 files never reaches the browser whole.
export function DecompressList({ persistentId, itemId, first }: { persistentId: string; itemId: string; first: DecompressPage }) {
  const [filter, setFilter] = useState("");
  const [entries, setEntries] = useState(first.entries);
  const [page, setPage] = useState(first);
  const [problem, setProblem] = useState<string | null>(null);
  const load = async (q: string, offset: number) => {
    try {
      const next = await fetchPage(persistentId, itemId, q, offset);
      setEntries((shown) => (offset === 0 ? next.entries : [...shown, ...next.entries]));
      setPage(next);
      setProblem(null);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : "The list could not be loaded.");
    }
  };
  return (
    <details
      className="mt-1"
      onToggle={(event) => {
        // Sent as a count only (a page of many items): the first entries come on opening.
        if (event.currentTarget.open && entries.length === 0 && first.total > 0) void load(filter.trim(), 0);
      }}
    >
      <summary className="cursor-pointer text-sm font-medium">Decompress list ({formatCount(first.total)} files)</summary>
      <div className="mt-2">
        <input
          type="search"
          value={filter}
          onChange={(event) => {
            setFilter(event.target.value);
            void load(event.target.value.trim(), 0);
          }}
          aria-label="Filter the decompress list"
          placeholder="Filter files"
          className="w-full max-w-sm rounded-md border border-slate-300 bg-transparent px-2 py-1 text-sm dark:border-slate-700"
        />
        <p className="mt-1 text-xs text-slate-500" aria-live="polite">
          {formatCount(entries.length)} of {formatCount(page.matching)} shown{page.matching !== page.total ? ` (${formatCount(page.total)} in all)` : ""}
          {problem ? ` · ${problem}` : ""}
        </p>
        <ul className="mt-1 max-h-64 overflow-auto font-mono text-xs">
          {entries.map((entry, index) => (
            <li key={`${index}-${entry}`} className="break-all py-0.5">
              {entry}
            </li>
          ))}
        </ul>
        {page.nextOffset !== null ? (
          <button type="button" onClick={() => void load(filter.trim(), page.nextOffset ?? 0)} className="mt-1 text-xs font-medium underline">
            Show more
          </button>
        ) : null}
      </div>
    </details>
  );
}
