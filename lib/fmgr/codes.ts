// The three code families (docs/protocol.md, "Code families"). The task code means one thing in a lookup answer and
// another in a callback; item codes are shared. Unknown codes are kept and shown.
export type CodeClass = "pending" | "processing" | "succeeded" | "failed" | "unknown";

export type CodeInfo = { code: number | null; label: string; class: CodeClass };

type Dictionary = Record<number, { label: string; class: CodeClass }>;

export const LOOKUP_TASK_CODES: Dictionary = {
  0: { label: "pending", class: "pending" },
  1: { label: "processing", class: "processing" },
  3: { label: "processing completed", class: "succeeded" },
  4: { label: "notifying", class: "succeeded" },
  5: { label: "notification failed", class: "succeeded" },
  6: { label: "notification succeeded", class: "succeeded" },
};

export const CALLBACK_TASK_CODES: Dictionary = {
  1: { label: "separate notification, some operations still processing", class: "processing" },
  2: { label: "separate notification, some operation failed", class: "failed" },
  3: { label: "notification of success", class: "succeeded" },
};

export const ITEM_CODES: Dictionary = {
  0: { label: "pending", class: "pending" },
  1: { label: "processing", class: "processing" },
  2: { label: "failed", class: "failed" },
  3: { label: "succeeded", class: "succeeded" },
  4: { label: "succeeded, notifying", class: "succeeded" },
  5: { label: "succeeded, notification failed", class: "succeeded" },
  6: { label: "succeeded, notified", class: "succeeded" },
  18: { label: "failed, notifying", class: "failed" },
  19: { label: "failed, notification failed", class: "failed" },
  20: { label: "failed, notified", class: "failed" },
};

function lookUp(dictionary: Dictionary, code: number): CodeInfo {
  const known = dictionary[code];
  return known ? { code, ...known } : { code, label: `unknown (${code})`, class: "unknown" };
}

// An item the vendor has sent no code for yet counts as pending.
export const NO_CODE_YET: CodeInfo = { code: null, label: "no code yet", class: "pending" };

export const describeItemCode = (code: number | null): CodeInfo => (code === null ? NO_CODE_YET : lookUp(ITEM_CODES, code));
// The item classes a person filters by, in the order "failures first" shows them; the
// number is task_items.outcome, the sort key of that order. Not finished covers no code
// yet, pending, processing and codes the vendor has not documented.
export const ITEM_CLASSES = ["failed", "pending", "succeeded"] as const;
export type ItemClass = (typeof ITEM_CLASSES)[number];

export function itemOutcome(code: number | null): number {
  const codeClass = describeItemCode(code).class;
  return ITEM_CLASSES.indexOf(codeClass === "failed" || codeClass === "succeeded" ? codeClass : "pending");
}

export const describeLookupTaskCode = (code: number): CodeInfo => lookUp(LOOKUP_TASK_CODES, code);
export const describeCallbackTaskCode = (code: number): CodeInfo => lookUp(CALLBACK_TASK_CODES, code);

// How far along an item code is. Finished beats running, a notification outcome beats
// "notifying". An unknown code ranks with "processing": it may replace "pending", and any
// known final code replaces it.
const ITEM_CODE_RANK: Record<number, number> = { 0: 0, 1: 1, 2: 2, 3: 2, 4: 3, 18: 3, 5: 4, 6: 4, 19: 4, 20: 4 };

export function itemCodeRank(code: number | null): number {
  if (code === null) return -1;
  return ITEM_CODE_RANK[code] ?? 1;
}

// State only moves forward: a stale lookup or a late duplicate never takes an item back.
export function mayReplaceItemCode(current: number | null, next: number | null): boolean {
  return itemCodeRank(next) >= itemCodeRank(current);
}

// Task codes move forward too, each family on its own scale: a late "still processing"
// notification must not overwrite the final one that overtook it.
const LOOKUP_TASK_CODE_RANK: Record<number, number> = { 0: 0, 1: 1, 3: 2, 4: 3, 5: 4, 6: 4 };
const CALLBACK_TASK_CODE_RANK: Record<number, number> = { 1: 0, 2: 1, 3: 1 };

export function mayReplaceTaskCode(family: "lookup" | "callback", current: number | null, next: number | null): boolean {
  if (next === null) return false;
  if (current === null) return true;
  const ranks = family === "lookup" ? LOOKUP_TASK_CODE_RANK : CALLBACK_TASK_CODE_RANK;
  return (ranks[next] ?? 0) >= (ranks[current] ?? 0);
}
