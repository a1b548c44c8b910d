import "server-only";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { parseParams, searchText } from "@/lib/http/form-fields";
import { encodeCursor, type Cursor } from "@/lib/tasks/queries/task-list-query";
import { REJECTED_CALLBACK_SELECT, toRejectedCallback, type RejectedCallback } from "./list-rejected-callbacks";
import type { RejectionReason } from "./record-rejected-callback";

// Refusals grouped by reason, claimed AccessKey and address: a flood is one line with its
// count, so it cannot push a real rejection off the first page. Newest activity first, a
// keyset walk down rejected_callback_groups_recent_idx; each group shows its latest
// request through rejected_callbacks_group_idx.
export type RejectedGroup = {
  id: string;
  reason: string;
  accessKey: string | null;
  address: string;
  requests: number;
  firstSeenAt: string;
  lastSeenAt: string;
  lastMessage: string;
  latest: RejectedCallback | null;
};

export type RejectedGroupPage = { groups: RejectedGroup[]; nextCursor: string | null };

export const REJECTION_REASONS = [
  "missing_signature",
  "malformed_signature",
  "unknown_key",
  "signature_mismatch",
  "body_too_large",
  "undecodable_body",
  "invalid_document",
] as const satisfies readonly RejectionReason[];

const filterSchema = z.object({
  reason: z.enum(REJECTION_REASONS, { error: `must be one of ${REJECTION_REASONS.join(", ")}` }).optional(),
  key: searchText(128).optional(),
  address: searchText(64).optional(),
});

export type GroupFilters = z.output<typeof filterSchema>;

// The filters of /callbacks and its API, from the URL; empty values mean "any".
export function parseGroupFilters(params: URLSearchParams): GroupFilters {
  const read = (name: string) => params.get(name) || undefined;
  return parseParams(filterSchema, { reason: read("reason"), key: read("key"), address: read("address") });
}

type GroupRow = {
  id: bigint;
  reason: string;
  access_key: string;
  address: string;
  requests: number;
  first_seen_at: Date;
  last_seen_at: Date;
  last_message: string;
  latest_id: bigint | null;
};

export async function listRejectedGroups(options: { limit: number; cursor: Cursor | null; filters: GroupFilters }): Promise<RejectedGroupPage> {
  const { cursor, filters } = options;
  const conditions = [
    filters.reason ? Prisma.sql`g.reason = ${filters.reason}` : null,
    filters.key !== undefined ? Prisma.sql`g.access_key = ${filters.key}` : null,
    filters.address !== undefined ? Prisma.sql`g.address = ${filters.address}` : null,
    cursor ? Prisma.sql`(g.last_seen_at, g.id) < (${cursor.lastActivityAt}::timestamptz, ${cursor.id}::bigint)` : null,
  ].filter((condition): condition is Prisma.Sql => condition !== null);
  const where = conditions.length > 0 ? Prisma.sql`WHERE ${Prisma.join(conditions, " AND ")}` : Prisma.empty;
  const db = getDb();
  const rows = await db.$queryRaw<GroupRow[]>`
    SELECT g.id, g.reason, g.access_key, g.address, g.requests, g.first_seen_at, g.last_seen_at, g.last_message,
           (SELECT r.id FROM rejected_callbacks r WHERE r.group_id = g.id ORDER BY r.last_received_at DESC LIMIT 1) AS latest_id
    FROM rejected_callback_groups g ${where}
    ORDER BY g.last_seen_at DESC, g.id DESC
    LIMIT ${options.limit + 1}`;
  const page = rows.slice(0, options.limit);
  const latestIds = page.flatMap((row) => (row.latest_id === null ? [] : [row.latest_id]));
  const latest = await db.rejectedCallback.findMany({ where: { id: { in: latestIds } }, select: REJECTED_CALLBACK_SELECT });
  const byId = new Map(latest.map((row) => [row.id, row]));
  const last = page.at(-1);
  return {
    groups: page.map((row) => {
      const request = row.latest_id === null ? undefined : byId.get(row.latest_id);
      return {
        id: row.id.toString(),
        reason: row.reason,
        accessKey: row.access_key || null,
        address: row.address,
        requests: row.requests,
        firstSeenAt: row.first_seen_at.toISOString(),
        lastSeenAt: row.last_seen_at.toISOString(),
        lastMessage: row.last_message,
        latest: request ? toRejectedCallback(request) : null,
      };
    }),
    nextCursor: rows.length > options.limit && last ? encodeCursor({ lastActivityAt: last.last_seen_at, id: last.id }) : null,
  };
}
