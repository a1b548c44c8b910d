import "server-only";
import { decodeCmd, type DecodedCmd } from "@/lib/fmgr/cmd";
import { describeItemCode, type CodeClass } from "@/lib/fmgr/codes";
import { getDb } from "@/lib/db/client";
import { readRows } from "@/lib/db/read";
import { decompressPage, DECOMPRESS_PAGE_SIZE, type DecompressPage } from "./decompress-list";
import { encodeItemCursor, itemPageSql, shownText, type ItemPageRow, type ItemQuery } from "./task-items";

// One page of a task's items as the detail answers it (task-items.ts has the query).
export type TaskItem = {
  id: string;
  index: number;
  op: string;
  bucket: string | null;
  key: string | null;
  code: number | null;
  codeLabel: string;
  codeClass: CodeClass;
  desc: string | null;
  error: string | null;
  hash: string | null;
  fsize: string | null;
  url: string | null;
  cmd: string;
  // Characters cut from these fields for the page, and keys left out of a compress
  // cmd's list; the item CSV export has them whole.
  cut: { desc: number; error: number; cmd: number; url: number; keys: number; decompresslist: number };
  decoded: Omit<DecodedCmd, "raw">;
  // The list as the vendor sent it, cut like the other texts, and the same list paged.
  decompresslist: string | null;
  decompress: DecompressPage | null;
};

// One page of items, failures first unless asked otherwise, with the first page of each
// decompress list on it: two indexed reads, whatever the task's size.
export async function readItemPage(taskId: bigint, query: ItemQuery): Promise<{ items: TaskItem[]; nextCursor: string | null }> {
  const db = getDb();
  const rows = await readRows<ItemPageRow>(itemPageSql(taskId, query));
  const page = rows.slice(0, query.limit);
  const withLists = page.filter((row) => row.has_decompress).map((row) => row.id);
  const lists = withLists.length
    ? await db.taskItem.findMany({ where: { id: { in: withLists } }, select: { id: true, decompresslist: true } })
    : [];
  const listOf = new Map(lists.map((entry) => [entry.id, entry.decompresslist]));
  const last = page.at(-1);
  return {
    items: page.map((row) => toTaskItem(row, listOf.get(row.id) ?? null, query.limit)),
    nextCursor: rows.length > query.limit && last ? encodeItemCursor({ outcome: last.outcome, index: last.index, id: last.id }) : null,
  };
}

const SHOWN_KEYS = 20;

// A decompress list comes with its first entries on a page of up to 100 items; on a
// larger page it comes as a count, and its entries are asked for when it is opened.
const previewEntries = (limit: number) => (limit <= 100 ? DECOMPRESS_PAGE_SIZE : 0);

function toTaskItem(row: ItemPageRow, decompresslist: string | null, limit: number): TaskItem {
  const { raw: _raw, keys, ...decoded } = decodeCmd(row.cmd);
  const code = describeItemCode(row.code);
  const cut = (text: string | null, length: number | null) => (text === null || length === null ? 0 : length - text.length);
  const cmd = row.cmd.slice(0, shownText(limit));
  return {
    id: row.id.toString(),
    index: row.index,
    op: row.op,
    bucket: row.bucket,
    key: row.key,
    code: row.code,
    codeLabel: code.label,
    codeClass: code.class,
    desc: row.desc,
    error: row.error,
    hash: row.hash,
    fsize: row.fsize,
    url: row.url,
    cmd,
    cut: {
      desc: cut(row.desc, row.desc_length),
      error: cut(row.error, row.error_length),
      cmd: row.cmd.length - cmd.length,
      url: cut(row.url, row.url_length),
      keys: Math.max(0, keys.length - SHOWN_KEYS),
      decompresslist: decompresslist === null ? 0 : Math.max(0, decompresslist.length - shownText(limit)),
    },
    decompresslist: decompresslist?.slice(0, shownText(limit)) ?? null,
    decoded: { ...decoded, keys: keys.slice(0, SHOWN_KEYS) },
    decompress: decompresslist === null ? null : decompressPage(decompresslist, { offset: 0, limit: previewEntries(limit) }),
  };
}
