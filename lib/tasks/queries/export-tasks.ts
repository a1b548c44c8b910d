import "server-only";
import { getDb } from "@/lib/db/client";
import { csvRow, type CsvCell } from "@/lib/tasks/queries/csv";
import { describeItemCode } from "@/lib/fmgr/codes";
import { logger } from "@/lib/logger";
import { listTasks, type TaskSummary } from "./list-tasks";
import type { ItemRow } from "@/lib/tasks/ingest/merge-items";
import { decodeCursor, type Cursor, type TaskListQuery } from "./task-list-query";

export type ExportFormat = "csv" | "json";

// Rows are read a page at a time, and the next page only when the client has taken the
// last: memory stays at one page however long the export, and a slow client slows the
// reads instead of filling the server.
const PAGE_ROWS = 1_000;

type Page<Row, Position> = { rows: Row[]; next: Position | null };

export type ExportShape<Row> = {
  columns: readonly string[];
  cells: (row: Row) => CsvCell[];
  json: (row: Row) => unknown;
  // The JSON document is {"<jsonKey>": [ ...rows ]}.
  jsonKey: string;
};

export function exportStream<Row, Position>(
  format: ExportFormat,
  shape: ExportShape<Row>,
  readPage: (after: Position | null) => Promise<Page<Row, Position>>,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let after: Position | null = null;
  let isFirstPage = true;
  let wroteRow = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const page = await readPage(after);
          let text = "";
          if (isFirstPage) text += format === "csv" ? csvRow(shape.columns) : `{${JSON.stringify(shape.jsonKey)}:[`;
          for (const row of page.rows) {
            if (format === "csv") text += csvRow(shape.cells(row));
            else text += `${wroteRow ? "," : ""}\n${JSON.stringify(shape.json(row))}`;
            wroteRow = true;
          }
          isFirstPage = false;
          after = page.next;
          if (!after && format === "json") text += "\n]}\n";
          if (text) controller.enqueue(encoder.encode(text));
          if (!after) controller.close();
        } catch (error) {
          logger.error({ err: error }, "an export stopped part way: the database failed");
          controller.error(error);
        }
      },
    },
    { highWaterMark: 0 },
  );
}

const TASK_COLUMNS = [
  "persistentId", "state", "callbackCode", "lookupCode", "desc", "separate", "ops", "itemCount", "failedCount",
  "firstSeenAt", "updatedAt", "lastActivityAt", "lastCallbackAt", "lastCheckedAt", "callbackMissingAt",
] as const;

const taskShape: ExportShape<TaskSummary> = {
  columns: TASK_COLUMNS,
  cells: (task) => TASK_COLUMNS.map((column) => (column === "ops" ? task.ops.join(" ") : task[column])),
  json: (task) => task,
  jsonKey: "tasks",
};

// Every task the list's filters match, in the list's order, via the same keyset query.
export function exportTaskList(query: TaskListQuery, format: ExportFormat): ReadableStream<Uint8Array> {
  return exportStream<TaskSummary, Cursor>(format, taskShape, async (after) => {
    const page = await listTasks({ ...query, cursor: after ?? query.cursor, limit: PAGE_ROWS });
    return { rows: page.tasks, next: page.nextCursor ? decodeCursor(page.nextCursor) : null };
  });
}

// An item as stored, with its id for paging (fsize read as text, exact past 2^53).
type ItemExportRow = Omit<ItemRow, "cmdDigest" | "occurrence"> & { id: bigint };

const ITEM_COLUMNS = ["index", "op", "bucket", "key", "code", "codeLabel", "desc", "error", "hash", "fsize", "url", "decompresslist", "cmd"] as const;

// Numbered from 1, as the page shows them ("#1"); the stored index counts from 0.
function itemFields(item: ItemExportRow) {
  return {
    index: item.index + 1,
    op: item.op,
    bucket: item.bucket,
    key: item.key,
    code: item.code,
    codeLabel: describeItemCode(item.code).label,
    desc: item.desc,
    error: item.error,
    hash: item.hash,
    fsize: item.fsize,
    url: item.url,
    decompresslist: item.decompresslist,
    cmd: item.cmd,
  };
}

const itemShape: ExportShape<ItemExportRow> = {
  columns: ITEM_COLUMNS,
  cells: (item) => {
    const fields = itemFields(item);
    return ITEM_COLUMNS.map((column) => fields[column]);
  },
  json: itemFields,
  jsonKey: "items",
};

// One task's items in display order, paged on (index, id) through the task's item index.
export function exportTaskItems(taskId: bigint, format: ExportFormat): ReadableStream<Uint8Array> {
  return exportStream<ItemExportRow, { index: number; id: bigint }>(format, itemShape, async (position) => {
    const rows = await getDb().$queryRaw<ItemExportRow[]>`
      SELECT id, index, op, bucket, key, code, "desc", error, hash, fsize::text AS fsize, url, decompresslist, cmd
      FROM task_items WHERE task_id = ${taskId}
        AND (${position === null} OR (index, id) > (${position?.index ?? 0}, ${position?.id ?? 0n}::bigint))
      ORDER BY index, id LIMIT ${PAGE_ROWS}`;
    const last = rows.at(-1);
    return { rows, next: rows.length === PAGE_ROWS && last ? { index: last.index, id: last.id } : null };
  });
}
