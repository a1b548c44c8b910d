"use client";

import { usePathname } from "next/navigation";
import { useEffect } from "react";

// "/" focuses the page's own search (marked data-search) or, on a page without one, this
// one in the header, unless someone is typing already. A plain GET form: it works before
// the page hydrates and without JavaScript.
export function HeaderSearch() {
  const pathname = usePathname();
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      const isTyping = target?.closest("input, textarea, select, [contenteditable='true']");
      if (event.key !== "/" || isTyping || event.metaKey || event.ctrlKey || event.altKey) return;
      const search = document.querySelector<HTMLInputElement>("input[data-search]");
      if (!search) return;
      event.preventDefault();
      search.focus();
      search.select();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  // The task list has its own, larger search box.
  if (pathname === "/tasks") return null;
  return (
    <form method="get" action="/tasks" role="search" className="order-last w-full sm:order-none sm:w-auto sm:max-w-xs sm:flex-1">
      <label className="sr-only" htmlFor="header-search">
        Search tasks
      </label>
      <input
        id="header-search"
        type="search"
        name="q"
        data-search
        placeholder="Search tasks  /"
        autoComplete="off"
        spellCheck={false}
        className="w-full rounded-md border border-slate-300 bg-transparent px-2 py-1 font-mono text-sm dark:border-slate-700"
      />
    </form>
  );
}
