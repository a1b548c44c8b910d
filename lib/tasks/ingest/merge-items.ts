// How one task document changes a task's items (pure; the projector does the I/O).
// An item is identified by its cmd and which occurrence of that cmd it is in the
// document. A document never removes items (separate = 1 carries one at a time), and an
// item's code only moves forward.
import { createHash } from "node:crypto";
import { decodeCmd } from "@/lib/fmgr/cmd";
import { describeItemCode, mayReplaceItemCode, type CodeClass } from "@/lib/fmgr/codes";
import type { TaskDocument } from "@/lib/fmgr/task-document";

export type StoredItem = { cmdDigest: string; occurrence: number; code: number | null; op: string; index: number };

export type ItemRow = {
  index: number;
  cmd: string;
  cmdDigest: string;
  occurrence: number;
  op: string;
  bucket: string | null;
  key: string | null;
  code: number | null;
  desc: string | null;
  error: string | null;
  hash: string | null;
  fsize: string | null;
  url: string | null;
  decompresslist: string | null;
};

// Which class each item's code falls in, counted: what the task's counters and state are
// derived from. Kept up to date item by item, so a batch of events over a task with
// 100,000 items never recounts them.
export type ClassCounts = Record<CodeClass, number>;

// A task's items as the projector holds them while it applies events. nextIndex is one
// past the highest index, as the stored rows would give it: kept as items arrive, and
// counted again only after a complete document moved some item to a lower place.
export type ItemState = { items: Map<string, StoredItem>; nextIndex: number; isNextIndexStale: boolean; ops: Set<string>; counts: ClassCounts };

const INT8_MAX = 9223372036854775807n;

function identityOf(cmdDigest: string, occurrence: number): string {
  return `${cmdDigest}:${occurrence}`;
}

// A size past the 64-bit column is not stored as a number; the raw payload keeps it.
function storableSize(fsize: string | null): string | null {
  return fsize !== null && BigInt(fsize) <= INT8_MAX ? fsize : null;
}

export function emptyClassCounts(): ClassCounts {
  return { pending: 0, processing: 0, succeeded: 0, failed: 0, unknown: 0 };
}

export function itemStateOf(stored: readonly StoredItem[]): ItemState {
  const state: ItemState = { items: new Map(), nextIndex: 0, isNextIndexStale: false, ops: new Set(), counts: emptyClassCounts() };
  for (const item of stored) {
    state.items.set(identityOf(item.cmdDigest, item.occurrence), item);
    state.nextIndex = Math.max(state.nextIndex, item.index + 1);
    state.ops.add(item.op);
    state.counts[describeItemCode(item.code).class]++;
  }
  return state;
}

function setItem(state: ItemState, identity: string, item: StoredItem): void {
  const previous = state.items.get(identity);
  if (previous) state.counts[describeItemCode(previous.code).class]--;
  if (previous && item.index < previous.index) state.isNextIndexStale = true;
  state.nextIndex = Math.max(state.nextIndex, item.index + 1);
  state.counts[describeItemCode(item.code).class]++;
  state.items.set(identity, item);
  state.ops.add(item.op);
}

function recountNextIndex(state: ItemState): void {
  if (!state.isNextIndexStale) return;
  state.nextIndex = 0;
  for (const item of state.items.values()) state.nextIndex = Math.max(state.nextIndex, item.index + 1);
  state.isNextIndexStale = false;
}

// Applies one document to the items (changing `state`) and returns the rows it changed.
export function mergeDocument(state: ItemState, document: TaskDocument): ItemRow[] {
  recountNextIndex(state);
  const seen = new Map<string, number>();
  const writes: ItemRow[] = [];

  document.items.forEach((item, position) => {
    const cmdDigest = createHash("sha256").update(item.cmd).digest("hex");
    const occurrence = seen.get(cmdDigest) ?? 0;
    seen.set(cmdDigest, occurrence + 1);
    const identity = identityOf(cmdDigest, occurrence);
    const existing = state.items.get(identity);
    if (existing && !mayReplaceItemCode(existing.code, item.code)) return;
    // A complete document (separate = 0) says where each item stands; a separate
    // notification carries one item, which keeps its place or goes last.
    const index = document.separate ? (existing?.index ?? state.nextIndex) : position;
    const decoded = decodeCmd(item.cmd);
    const row: ItemRow = {
      index,
      cmd: item.cmd,
      cmdDigest,
      occurrence,
      op: decoded.op,
      bucket: decoded.bucket ?? decoded.target?.bucket ?? null,
      key: item.key ?? decoded.key ?? decoded.target?.key ?? null,
      code: item.code,
      desc: item.desc,
      error: item.error,
      hash: item.hash,
      fsize: storableSize(item.fsize),
      url: item.url,
      decompresslist: item.decompresslist,
    };
    writes.push(row);
    setItem(state, identity, { cmdDigest, occurrence, code: row.code, op: row.op, index });
  });
  return writes;
}

export function identityOfRow(row: Pick<ItemRow, "cmdDigest" | "occurrence">): string {
  return identityOf(row.cmdDigest, row.occurrence);
}
