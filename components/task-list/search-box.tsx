"use client";

import { useEffect, useRef } from "react";

// "/" focuses the search from anywhere on the page, unless someone is typing already.
export function SearchBox({ defaultValue }: { defaultValue: string }) {
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      const isTyping = target?.closest("input, textarea, select, [contenteditable='true']");
      if (event.key === "/" && !isTyping && !event.metaKey && !event.ctrlKey) {
        event.preventDefault();
        input.current?.focus();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  return (
    <label className="flex min-w-64 flex-1 flex-col gap-1 text-sm">
      <span className="text-slate-600 dark:text-slate-400">
        Search <kbd className="rounded border border-slate-300 px-1 text-xs dark:border-slate-700">/</kbd>
      </span>
      <input
        ref={input}
        type="search"
        name="q"
        defaultValue={defaultValue}
        placeholder="persistentId or item key, exact or prefix"
        autoComplete="off"
        spellCheck={false}
        className="rounded-md border border-slate-300 bg-transparent px-2 py-1.5 font-mono text-sm dark:border-slate-700"
      />
    </label>
  );
}
