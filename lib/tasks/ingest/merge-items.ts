// How one task document changes a task's items (pure; ingestSnapshot does the I/O).
// An item is identified by its cmd and which occurrence of that cmd it is in the
// document. A document never removes items (separate = 1 carries one at a time), and an
// item's code only moves forward.
import { createHash } from "node:crypto";
import { decodeCmd } from "@/lib/fmgr/cmd";
import { mayReplaceItemCode } from "@/lib/fmgr/codes";
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

export type ItemMerge = { writes: ItemRow[]; codes: (number | null)[]; ops: string[] };

const INT8_MAX = 9223372036854775807n;

function identityOf(cmdDigest: string, occurrence: number): string {
  return `${cmdDigest}:${occurrence}`;
}

// A size past the 64-bit column is not stored as a number; the raw payload keeps it.
function storableSize(fsize: string | null): string | null {
  return fsize !== null && BigInt(fsize) <= INT8_MAX ? fsize : null;
}

export function mergeItems(stored: readonly StoredItem[], document: TaskDocument): ItemMerge {
  const current = new Map(stored.map((item) => [identityOf(item.cmdDigest, item.occurrence), item]));
  const seen = new Map<string, number>();
  let nextIndex = stored.reduce((max, item) => Math.max(max, item.index + 1), 0);
  const writes: ItemRow[] = [];

  document.items.forEach((item, position) => {
    const cmdDigest = createHash("sha256").update(item.cmd).digest("hex");
    const occurrence = seen.get(cmdDigest) ?? 0;
    seen.set(cmdDigest, occurrence + 1);
    const identity = identityOf(cmdDigest, occurrence);
    const existing = current.get(identity);
    if (existing && !mayReplaceItemCode(existing.code, item.code)) return;
    // A complete document (separate = 0) says where each item stands; a separate
    // notification carries one item, which keeps its place or goes last.
    const index = document.separate ? (existing?.index ?? nextIndex++) : position;
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
    current.set(identity, { cmdDigest, occurrence, code: row.code, op: row.op, index });
  });

  const all = [...current.values()];
  return { writes, codes: all.map((item) => item.code), ops: [...new Set(all.map((item) => item.op))].sort() };
}
