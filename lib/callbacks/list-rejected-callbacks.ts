import "server-only";
import { getDb } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { encodeCursor, type Cursor } from "@/lib/tasks/queries/task-list-query";

export type RejectedCallback = {
  id: string;
  reason: string;
  failedCheck: string;
  message: string;
  accessKey: string | null;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  bodyBytes: number;
  bodyTruncated: boolean;
  deliveries: number;
  firstReceivedAt: string;
  lastReceivedAt: string;
};

export type RejectedPage = { rejected: RejectedCallback[]; nextCursor: string | null };

// What is read of a rejected request, and how it is answered; the grouped list uses the
// same for each group's latest request.
export const REJECTED_CALLBACK_SELECT = {
  id: true, reason: true, failedCheck: true, message: true, accessKey: true, method: true, url: true, headers: true,
  body: true, bodyBytes: true, bodyTruncated: true, deliveries: true, firstReceivedAt: true, lastReceivedAt: true,
} as const;

type SelectedRow = Prisma.RejectedCallbackGetPayload<{ select: typeof REJECTED_CALLBACK_SELECT }>;

export function toRejectedCallback(row: SelectedRow): RejectedCallback {
  return {
    ...row,
    id: row.id.toString(),
    headers: (row.headers ?? {}) as Record<string, string>,
    firstReceivedAt: row.firstReceivedAt.toISOString(),
    lastReceivedAt: row.lastReceivedAt.toISOString(),
  };
}

// Newest first by last delivery, a keyset walk down rejected_callbacks_recent_idx.
export async function listRejectedCallbacks(options: { limit: number; cursor: Cursor | null }): Promise<RejectedPage> {
  const { cursor } = options;
  const rows = await getDb().rejectedCallback.findMany({
    where: cursor
      ? { OR: [{ lastReceivedAt: { lt: cursor.lastActivityAt } }, { lastReceivedAt: cursor.lastActivityAt, id: { lt: cursor.id } }] }
      : undefined,
    orderBy: [{ lastReceivedAt: "desc" }, { id: "desc" }],
    take: options.limit + 1,
    select: REJECTED_CALLBACK_SELECT,
  });
  const page = rows.slice(0, options.limit);
  const last = page.at(-1);
  return {
    rejected: page.map(toRejectedCallback),
    nextCursor: rows.length > options.limit && last ? encodeCursor({ lastActivityAt: last.lastReceivedAt, id: last.id }) : null,
  };
}
