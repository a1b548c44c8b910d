import { describe, expect, it } from "vitest";
import type { TaskDocument } from "@/lib/fmgr/task-document";
import { itemStateOf, mergeDocument, type ItemRow, type StoredItem } from "./merge-items";

function item(cmd: string, code: number): TaskDocument["items"][number] {
  return { cmd, code, desc: null, error: null, hash: null, fsize: null, key: null, url: null, decompresslist: null };
}

function documentOf(items: TaskDocument["items"], separate = false): TaskDocument {
  return { id: "t", code: 3, desc: null, separate, items };
}

// One document over stored items, as the projector applies it: the rows it writes, and
// every item's code and the ops afterwards.
function mergeItems(stored: StoredItem[], document: TaskDocument) {
  const state = itemStateOf(stored);
  const writes = mergeDocument(state, document);
  return { writes, codes: [...state.items.values()].map((item) => item.code), ops: [...state.ops], counts: state.counts };
}

function storedFrom(merge: { writes: ItemRow[] }, previous: StoredItem[] = []): StoredItem[] {
  const byIdentity = new Map(previous.map((row) => [`${row.cmdDigest}:${row.occurrence}`, row]));
  for (const row of merge.writes) byIdentity.set(`${row.cmdDigest}:${row.occurrence}`, row);
  return [...byIdentity.values()];
}

describe("mergeItems", () => {
  it("tells repeated cmds apart by occurrence", () => {
    const merge = mergeItems([], documentOf([item("bucket/YQ==/key/Yg==", 3), item("bucket/YQ==/key/Yg==", 2)]));
    expect(merge.writes.map((row) => row.occurrence)).toEqual([0, 1]);
    expect(merge.codes).toEqual([3, 2]);
  });

  it("adds separate notifications one by one and keeps the others", () => {
    const first = mergeItems([], documentOf([item("bucket/YQ==/key/Yw==", 6)], true));
    const second = mergeItems(storedFrom(first), documentOf([item("bucket/YQ==/key/Yg==", 20)], true));
    expect(second.codes.sort()).toEqual([20, 6].sort());
    expect(second.writes[0]?.index).toBe(1);
  });

  it("keeps each class's count as codes move forward", () => {
    const first = mergeItems([], documentOf([item("bucket/YQ==/key/Yg==", 1), item("bucket/YQ==/key/Yw==", 0)]));
    expect(first.counts).toEqual({ pending: 1, processing: 1, succeeded: 0, failed: 0, unknown: 0 });
    const second = mergeItems(storedFrom(first), documentOf([item("bucket/YQ==/key/Yg==", 6), item("bucket/YQ==/key/Yw==", 2)]));
    expect(second.counts).toEqual({ pending: 0, processing: 0, succeeded: 1, failed: 1, unknown: 0 });
  });

  it("ignores a stale code and writes nothing for it", () => {
    const final = mergeItems([], documentOf([item("bucket/YQ==/key/Yg==", 6)]));
    const stale = mergeItems(storedFrom(final), documentOf([item("bucket/YQ==/key/Yg==", 1)]));
    expect(stale.writes).toEqual([]);
    expect(stale.codes).toEqual([6]);
  });

  it("lets a complete document set the display order", () => {
    const separate = mergeItems([], documentOf([item("bucket/YQ==/key/Yw==", 6)], true));
    const complete = mergeItems(storedFrom(separate), documentOf([item("bucket/YQ==/key/Yg==", 6), item("bucket/YQ==/key/Yw==", 6)]));
    expect(complete.writes.map((row) => [row.key ?? row.cmd, row.index])).toEqual([
      ["b", 0],
      ["c", 1],
    ]);
  });

  it("keeps an fsize past the 64-bit column out of it", () => {
    const merge = mergeItems([], documentOf([{ ...item("x", 3), fsize: "99999999999999999999" }, { ...item("y", 3), fsize: "9007199254740993123" }]));
    expect(merge.writes.map((row) => row.fsize)).toEqual([null, "9007199254740993123"]);
  });
});
