// The query of a task list (GET /api/tasks, and the /tasks page's URL; README, "API"), checked
// at the boundary. Filters live in the URL, so this reads URLSearchParams.
import { z } from "zod";
import { OPERATIONS } from "@/lib/fmgr/cmd";
import { pastedPersistentId } from "./pasted-id";
import { AppError } from "@/lib/errors";
import { parseParams, searchText } from "@/lib/http/form-fields";
import { TASK_STATES } from "@/lib/tasks/task-state";

export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 50;

export type Cursor = { lastActivityAt: Date; id: bigint };

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(`${cursor.lastActivityAt.toISOString()}|${cursor.id}`).toString("base64url");
}

// The times a filter or cursor may name: what Postgres and JavaScript both hold, and
// more than any task will carry. Past them, an answer would be a 500, not an empty page.
export const EARLIEST = new Date("1970-01-01T00:00:00Z");
export const LATEST = new Date("9999-12-31T23:59:59.999Z");
const INT8_MAX = 9223372036854775807n;

const isWithinRange = (time: Date) => !Number.isNaN(time.getTime()) && time >= EARLIEST && time <= LATEST;

export function decodeCursor(text: string): Cursor | null {
  const [at, id, ...rest] = Buffer.from(text, "base64url").toString("utf8").split("|");
  const lastActivityAt = new Date(at ?? "");
  if (rest.length > 0 || !isWithinRange(lastActivityAt) || !/^\d{1,19}$/.test(id ?? "")) return null;
  const rowId = BigInt(id ?? "0");
  return rowId <= INT8_MAX ? { lastActivityAt, id: rowId } : null;
}

const optional = (schema: z.ZodType<string>) => z.preprocess((value) => (value === null || value === "" ? undefined : value), schema.optional());
// A time filter as people type it in one field: ISO 8601, "2026-11-28 12:00" (a space
// for the T), or a span back from now: "30m", "6h", "7d".
const RELATIVE = /^(\d{1,6})\s*(m|min|h|d)$/i;
const UNIT_MS: Record<string, number> = { m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000 };

export function normalizeTimeText(text: unknown, now = Date.now()): unknown {
  if (typeof text !== "string") return text;
  const trimmed = text.trim();
  const relative = RELATIVE.exec(trimmed);
  if (relative) return new Date(now - Number(relative[1]) * (UNIT_MS[relative[2]?.toLowerCase() ?? "m"] ?? 60_000)).toISOString();
  return /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}/.test(trimmed) ? trimmed.replace(" ", "T") : trimmed;
}

const isoTime = z.preprocess(
  (value) => normalizeTimeText(value),
  z.iso
    .datetime({ offset: true, local: true, error: "must be an ISO 8601 time (2026-11-28T12:00:00Z, or 2026-11-28 12:00 in UTC) or a span back from now (30m, 6h, 7d)" })
    .refine((text) => isWithinRange(utcTime(text)), "must be between 1970-01-01 and 9999-12-31"),
);

const listQuerySchema = z.object({
  q: optional(searchText(1024)),
  state: optional(z.string()).transform((value, ctx) => {
    const states = value ? value.split(",").map((entry) => entry.trim()).filter(Boolean) : [];
    for (const state of states) {
      if (!(TASK_STATES as readonly string[]).includes(state)) ctx.addIssue({ code: "custom", message: `"${state}" is not one of ${TASK_STATES.join(", ")}` });
    }
    return states;
  }),
  op: optional(z.enum(OPERATIONS, { error: `must be one of ${OPERATIONS.join(", ")}` })),
  since: optional(isoTime),
  until: optional(isoTime),
  cursor: optional(z.string().max(200)),
  // retried=no: tasks with failed items that no retry holds yet.
  retried: optional(z.enum(["no"], { error: "must be no (failed items not yet retried)" })),
  limit: optional(z.string()).transform((value, ctx) => {
    if (value === undefined) return DEFAULT_PAGE_SIZE;
    const limit = Number(value);
    if (Number.isInteger(limit) && limit >= 1 && limit <= MAX_PAGE_SIZE) return limit;
    ctx.addIssue({ code: "custom", message: `must be a whole number from 1 to ${MAX_PAGE_SIZE}` });
    return z.NEVER;
  }),
});

// Times are stored and shown in UTC; a time given without a zone means UTC too, never
// the server's local zone.
function utcTime(text: string): Date {
  return new Date(/(Z|[+-]\d{2}:?\d{2})$/i.test(text) ? text : `${text}Z`);
}

// `limit` and `cursor` of a keyset list other than the task list (the rejected callbacks).
export function parsePageParams(params: URLSearchParams): { limit: number; cursor: Cursor | null } {
  const limit = Number(params.get("limit") ?? DEFAULT_PAGE_SIZE);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) throw new AppError("invalid_request", `limit: must be a whole number from 1 to ${MAX_PAGE_SIZE}`);
  const text = params.get("cursor");
  const cursor = text ? decodeCursor(text) : null;
  if (text && !cursor) throw new AppError("invalid_request", "cursor: not a cursor this list gave out");
  return { limit, cursor };
}

export type TaskListQuery = {
  q?: string;
  states: string[];
  op?: string;
  since?: Date;
  until?: Date;
  cursor?: Cursor;
  limit: number;
  notRetried?: boolean;
};

// A pasted persistentId may come with a label or quotes, or inside an address of this app
// or of the vendor; anything else is searched as typed (an item key or an error can be
// any text).
function normalizeSearch(q: string | undefined): string | undefined {
  if (!q) return undefined;
  return pastedPersistentId(q) ?? q;
}

export function parseTaskListQuery(params: URLSearchParams): TaskListQuery {
  const read = (name: string) => params.get(name);
  const parsed = parseParams(listQuerySchema, {
    q: read("q"), state: read("state"), op: read("op"), since: read("since"), until: read("until"), cursor: read("cursor"), limit: read("limit"), retried: read("retried"),
  });
  const { q, state: states, op, since, until, cursor, limit, retried } = parsed;
  const decodedCursor = cursor === undefined ? undefined : decodeCursor(cursor);
  if (decodedCursor === null) throw new AppError("invalid_request", "cursor: not a cursor this list gave out");
  return {
    q: normalizeSearch(q),
    states,
    op,
    since: since ? utcTime(since) : undefined,
    until: until ? utcTime(until) : undefined,
    cursor: decodedCursor,
    limit,
    notRetried: retried === "no" || undefined,
  };
}
