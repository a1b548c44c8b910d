"use client";

import { useMemo, useState } from "react";

// The vendor does not document the list's form: a JSON array is shown as a list, so is
// text with one entry per line; anything else is shown as it came.
function entriesOf(raw: string): string[] | null {
  try {
    const value: unknown = JSON.parse(raw);
    if (Array.isArray(value)) return value.map((entry) => (typeof entry === "string" ? entry : JSON.stringify(entry)));
  } catch {
    // not JSON: try lines
  }
  const lines = raw.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
  return lines.length > 1 ? lines : null;
}

export function DecompressList({ raw }: { raw: string }) {
  const entries = useMemo(() => entriesOf(raw), [raw]);
  const [filter, setFilter] = useState("");
  const shown = entries?.filter((entry) => entry.toLowerCase().includes(filter.toLowerCase())) ?? null;
  return (
    <details className="mt-2">
      <summary className="cursor-pointer text-sm font-medium">
        Decompress list{entries ? ` (${entries.length} files)` : ""}
      </summary>
      {shown && entries ? (
        <div className="mt-2">
          <input
            type="search"
            value={filter}
            onChange={(event) => setFilter(event.target.value)}
            aria-label="Filter the decompress list"
            placeholder="Filter files"
            className="w-full max-w-sm rounded-md border border-slate-300 bg-transparent px-2 py-1 text-sm dark:border-slate-700"
          />
          <p className="mt-1 text-xs text-slate-500">
            {shown.length} of {entries.length} shown
          </p>
          <ul className="mt-1 max-h-64 overflow-auto font-mono text-xs">
            {shown.map((entry, index) => (
              <li key={`${index}-${entry}`} className="break-all py-0.5">
                {entry}
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <pre className="mt-2 max-h-64 overflow-auto whitespace-pre-wrap break-all font-mono text-xs">{raw}</pre>
      )}
    </details>
  );
}
