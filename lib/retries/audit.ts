import "server-only";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { parseParams, searchText } from "@/lib/http/form-fields";
import { SUBMIT_OPS } from "@/lib/fmgr/submission";
import { Prisma } from "@/lib/generated/prisma/client";
import { exportStream, type ExportFormat, type ExportShape } from "@/lib/tasks/queries/export-tasks";
import { encodeCursor, type Cursor } from "@/lib/tasks/queries/task-list-query";

// The audit trail of retries (retry_submissions), newest first, filtered by who, which
// operation, how it ended, or a task on either side of it.
export const AUDIT_OUTCOMES = ["submitting", "submitted", "refused", "unknown", "released"] as const;

const filterSchema = z.object({
  user: searchText(64).optional(),
  op: z.enum(SUBMIT_OPS, { error: `must be one of ${SUBMIT_OPS.join(", ")}` }).optional(),
  outcome: z.enum(AUDIT_OUTCOMES, { error: `must be one of ${AUDIT_OUTCOMES.join(", ")}` }).optional(),
  task: searchText(128).optional(),
});

export type AuditFilters = z.output<typeof filterSchema>;

export function parseAuditFilters(params: URLSearchParams): AuditFilters {
  const read = (name: string) => params.get(name)?.trim() || undefined;
  return parseParams(filterSchema, { user: read("user"), op: read("op"), outcome: read("outcome"), task: read("task") });
}

export type AuditEntry = {
  id: string;
  at: string;
  finishedAt: string | null;
  requestedBy: string;
  sourcePersistentId: string;
  op: string;
  items: number;
  outcome: string;
  vendorStatus: number | null;
  vendorAnswer: string | null;
  message: string | null;
  persistentId: string | null;
};

type Row = {
  id: bigint;
  created_at: Date;
  finished_at: Date | null;
  requested_by: string;
  source: string;
  op: string;
  item_count: number;
  outcome: string;
  vendor_status: number | null;
  vendor_answer: string | null;
  message: string | null;
  persistent_id: string | null;
};

function auditSql(filters: AuditFilters, after: Cursor | null, limit: number): Prisma.Sql {
  const where: Prisma.Sql[] = [];
  if (filters.user) where.push(Prisma.sql`s.requested_by = ${filters.user}`);
  if (filters.op) where.push(Prisma.sql`s.op = ${filters.op}`);
  if (filters.outcome) where.push(Prisma.sql`s.outcome = ${filters.outcome}`);
  if (filters.task) where.push(Prisma.sql`(t.persistent_id = ${filters.task} OR s.persistent_id = ${filters.task})`);
  if (after) where.push(Prisma.sql`(s.created_at, s.id) < (${after.lastActivityAt}::timestamptz, ${after.id}::bigint)`);
  return Prisma.sql`
    SELECT s.id, s.created_at, s.finished_at, s.requested_by, t.persistent_id AS source, s.op, s.item_count, s.outcome,
           s.vendor_status, s.vendor_answer, s.message, s.persistent_id
    FROM retry_submissions s JOIN tasks t ON t.id = s.source_task_id
    ${where.length ? Prisma.sql`WHERE ${Prisma.join(where, " AND ")}` : Prisma.empty}
    ORDER BY s.created_at DESC, s.id DESC LIMIT ${limit}`;
}

function toEntry(row: Row): AuditEntry {
  return {
    id: row.id.toString(),
    at: row.created_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
    requestedBy: row.requested_by,
    sourcePersistentId: row.source,
    op: row.op,
    items: row.item_count,
    outcome: row.outcome,
    vendorStatus: row.vendor_status,
    vendorAnswer: row.vendor_answer,
    message: row.message,
    persistentId: row.persistent_id,
  };
}

export async function listAudit(options: { filters: AuditFilters; cursor: Cursor | null; limit: number }): Promise<{ entries: AuditEntry[]; nextCursor: string | null }> {
  const rows = await getDb().$queryRaw<Row[]>(auditSql(options.filters, options.cursor, options.limit + 1));
  const page = rows.slice(0, options.limit);
  const last = page.at(-1);
  return {
    entries: page.map(toEntry),
    nextCursor: rows.length > options.limit && last ? encodeCursor({ lastActivityAt: last.created_at, id: last.id }) : null,
  };
}

const COLUMNS = ["at", "finishedAt", "requestedBy", "sourcePersistentId", "op", "items", "outcome", "vendorStatus", "message", "persistentId", "vendorAnswer"] as const;

const auditShape: ExportShape<AuditEntry> = {
  columns: COLUMNS,
  cells: (entry) => COLUMNS.map((column) => entry[column]),
  json: (entry) => entry,
  jsonKey: "submissions",
};

// Every entry the filters match, streamed a page at a time.
export function exportAudit(filters: AuditFilters, format: ExportFormat): ReadableStream<Uint8Array> {
  return exportStream<AuditEntry, Cursor>(format, auditShape, async (after) => {
    const rows = await getDb().$queryRaw<Row[]>(auditSql(filters, after, 1_000));
    const last = rows.at(-1);
    return { rows: rows.map(toEntry), next: rows.length === 1_000 && last ? { lastActivityAt: last.created_at, id: last.id } : null };
  });
}
