// State that must exist once per process: Next.js evaluates a module once per route
// bundle (the proxy has a bundle of its own) and again on every hot reload, so a module
// variable would be one per bundle. Each value lives on globalThis under its own name.
const store = globalThis as unknown as { fmgrProcessGlobals?: Map<string, unknown> };

function globals(): Map<string, unknown> {
  store.fmgrProcessGlobals ??= new Map();
  return store.fmgrProcessGlobals;
}

// The value named `name`, made by `create` on first use.
export function processGlobal<T>(name: string, create: () => T): T {
  const all = globals();
  if (!all.has(name)) all.set(name, create());
  return all.get(name) as T;
}

// Drops a value, so the next processGlobal call makes it afresh (a load that failed).
export function forgetProcessGlobal(name: string): void {
  globals().delete(name);
}
