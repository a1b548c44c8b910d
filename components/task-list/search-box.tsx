// The list's search; "/" reaches it from anywhere (HeaderSearch marks the way: data-search).
export function SearchBox({ defaultValue }: { defaultValue: string }) {
  return (
    <label className="flex min-w-0 flex-[2_1_16rem] flex-col gap-1 text-sm">
      <span className="text-slate-600 dark:text-slate-400">
        Search <kbd className="rounded border border-slate-300 px-1 text-xs dark:border-slate-700">/</kbd>
      </span>
      <input
        type="search"
        name="q"
        data-search
        defaultValue={defaultValue}
        placeholder="persistentId, a pasted URL, part of a key or an error"
        autoComplete="off"
        spellCheck={false}
        className="w-full rounded-md border border-slate-300 bg-transparent px-2 py-1.5 font-mono text-sm dark:border-slate-700"
      />
    </label>
  );
}
