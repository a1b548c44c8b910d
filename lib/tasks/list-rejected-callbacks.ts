import "server-only";
import { getDb } from "@/lib/db";

export type RejectedCallbackRow = {
  id: string;
  reason: string;
  message: string;
  accessKey: string | null;
  deliveries: number;
  lastReceivedAt: Date;
};

// Newest first, read along rejected_callbacks_recent_idx.
export async function listRejectedCallbacks(limit: number): Promise<RejectedCallbackRow[]> {
  const rows = await getDb().rejectedCallback.findMany({
    select: { id: true, reason: true, message: true, accessKey: true, deliveries: true, lastReceivedAt: true },
    orderBy: [{ lastReceivedAt: "desc" }, { id: "desc" }],
    take: limit,
  });
  return rows.map((row) => ({ ...row, id: row.id.toString() }));
}
