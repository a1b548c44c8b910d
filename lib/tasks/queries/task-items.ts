// One page of a task's items, at any task size: filtered by class, code, operation and a
// key substring, failures first by default, by keyset on the task's triage index
// (task_id, outcome, index, id). The query lives in the page's URL and the API's.
import { z } from "zod";
import { OPERATIONS } from "@/lib/fmgr/cmd";
import { ITEM_CLASSES, type ItemClass } from "@/lib/fmgr/codes";
import { AppError } from "@/lib/errors";
import { parseParams, searchText } from "@/lib/http/form-fields";
import { Prisma } from "@/lib/generated/prisma/client";
import { ITEM_ORDERS, ITEM_PARAMS } from "./item-params";
import { likeSubstring } from "./task-list-sql";

export const ITEM_PAGE_SIZE = 50;
export const MAX_ITEM_PAGE_SIZE = 500;

export type ItemQuery = {
  itemClass?: ItemClass;
  code?: number;
  op?: string;
  key?: string;
  order: (typeof ITEM_ORDERS)[number];
  cursor?: ItemCursor;
  limit: number;
};

// The position after the last item of a page: outcome is unused in index order.
export type ItemCursor = { outcome: number; index: number; id: bigint };

export function encodeItemCursor(cursor: ItemCursor): string {
  return Buffer.from(`${cursor.outcome}|${cursor.index}|${cursor.id}`).toString("base64url");
}

export function decodeItemCursor(text: string): ItemCursor | null {
  const parts = Buffer.from(text, "base64url").toString("utf8").split("|");
  if (parts.length !== 3 || !/^[0-2]$/.test(parts[0] ?? "") || !/^\d{1,9}$/.test(parts[1] ?? "") || !/^\d{1,18}$/.test(parts[2] ?? "")) return null;
  return { outcome: Number(parts[0]), index: Number(parts[1]), id: BigInt(parts[2] ?? "0") };
}

const blankAsAbsent = (value: unknown) => (value === null || value === "" ? undefined : value);

const itemQuerySchema = z.object({
  // "all" is the default: every class, failures first.
  items: z.preprocess(
    (value) => (value === "all" ? undefined : blankAsAbsent(value)),
    z.enum(ITEM_CLASSES, { error: `must be one of ${ITEM_CLASSES.join(", ")}, all` }).optional(),
  ),
  code: z.preprocess(blankAsAbsent, z.coerce.number({ error: "must be a whole number" }).int("must be a whole number").min(-1_000_000).max(1_000_000).optional()),
  op: z.preprocess(blankAsAbsent, z.enum(OPERATIONS, { error: `must be one of ${OPERATIONS.join(", ")}` }).optional()),
  itemsQ: z.preprocess(blankAsAbsent, searchText(512).optional()),
  order: z.preprocess(blankAsAbsent, z.enum(ITEM_ORDERS, { error: `must be one of ${ITEM_ORDERS.join(", ")}` }).default("failures")),
  itemsCursor: z.preprocess(blankAsAbsent, z.string().max(200).optional()),
  itemsLimit: z.preprocess(blankAsAbsent, z.coerce.number().int().min(1).max(MAX_ITEM_PAGE_SIZE, `must be at most ${MAX_ITEM_PAGE_SIZE}`).default(ITEM_PAGE_SIZE)),
});

export function parseItemQuery(params: URLSearchParams): ItemQuery {
  const parsed = parseParams(itemQuerySchema, Object.fromEntries(ITEM_PARAMS.map((name) => [name, params.get(name)])));
  const { items, code, op, itemsQ, order, itemsCursor, itemsLimit } = parsed;
  const cursor = itemsCursor === undefined ? undefined : decodeItemCursor(itemsCursor);
  if (cursor === null) throw new AppError("invalid_request", "itemsCursor: not a cursor this list gave out");
  return { itemClass: items, code, op, key: itemsQ || undefined, order, cursor, limit: itemsLimit };
}

// The selected columns are cut to what a page can show: an error or a URL can be
// kilobytes, and a decompress list megabytes (it is paged on its own). The cmd comes
// whole, to be decoded, and is cut after (get-task-detail.ts).
// Each text is cut at 2,000 characters on a page of up to 100 items, shorter on a larger
// page (400 at 500), so that an answer stays under a megabyte whatever the vendor sent.
export function shownText(limit: number): number {
  return Math.min(2_000, Math.floor(200_000 / limit));
}

export function itemPageSql(taskId: bigint, query: ItemQuery): Prisma.Sql {
  const where: Prisma.Sql[] = [Prisma.sql`task_id = ${taskId}`];
  if (query.itemClass) where.push(Prisma.sql`outcome = ${ITEM_CLASSES.indexOf(query.itemClass)}`);
  if (query.code !== undefined) where.push(Prisma.sql`code = ${query.code}`);
  if (query.op) where.push(Prisma.sql`op = ${query.op}`);
  if (query.key) where.push(Prisma.sql`key ILIKE ${likeSubstring(query.key)}`);
  const byFailures = query.order === "failures";
  if (query.cursor) {
    const { outcome, index, id } = query.cursor;
    where.push(byFailures ? Prisma.sql`(outcome, index, id) > (${outcome}::smallint, ${index}, ${id}::bigint)` : Prisma.sql`(index, id) > (${index}, ${id}::bigint)`);
  }
  const clip = (column: string) => Prisma.sql`left(${Prisma.raw(column)}, ${shownText(query.limit)}) AS ${Prisma.raw(column)}, length(${Prisma.raw(column)}) AS ${Prisma.raw(`${column.replaceAll('"', "")}_length`)}`;
  return Prisma.sql`
    SELECT id, index, outcome, op, bucket, key, code, ${clip('"desc"')}, ${clip("error")}, cmd, hash, fsize::text AS fsize, ${clip("url")},
           decompresslist IS NOT NULL AS has_decompress
    FROM task_items WHERE ${Prisma.join(where, " AND ")}
    ORDER BY ${byFailures ? Prisma.sql`outcome, index, id` : Prisma.sql`index, id`}
    LIMIT ${query.limit + 1}`;
}

export type ItemPageRow = {
  id: bigint;
  index: number;
  outcome: number;
  op: string;
  bucket: string | null;
  key: string | null;
  code: number | null;
  desc: string | null;
  desc_length: number | null;
  error: string | null;
  error_length: number | null;
  cmd: string;
  hash: string | null;
  fsize: string | null;
  url: string | null;
  url_length: number | null;
  has_decompress: boolean;
};

export const ITEM_PAGE_ROW_COLUMNS = {
  id: true, index: true, outcome: true, op: true, bucket: true, key: true, code: true, desc: true, desc_length: true, error: true,
  error_length: true, cmd: true, hash: true, fsize: true, url: true, url_length: true, has_decompress: true,
} as const satisfies Record<keyof ItemPageRow, true>;

// Whether a query narrows the items (a page then says "N match" rather than the total).
export function isFiltered(query: ItemQuery): boolean {
  return query.itemClass !== undefined || query.code !== undefined || query.op !== undefined || query.key !== undefined;
}
