import "server-only";
import { inTransaction } from "@/lib/db/transaction";
import { getEnv } from "@/lib/env";
import { applySnapshot, dedupeKeyOf, ingestSettingsFrom, type IngestResult, type Snapshot } from "./apply-snapshot";

export type { IngestResult, Snapshot, SnapshotSource } from "./apply-snapshot";

// One task document, from a callback or a lookup, applied in one transaction: the event
// is recorded, items merged, codes moved forward, and the task's state and counters set.
export async function ingestSnapshot(snapshot: Snapshot): Promise<IngestResult> {
  const now = snapshot.receivedAt ?? new Date();
  const settings = ingestSettingsFrom(getEnv());
  const keyed = { ...snapshot, dedupeKey: snapshot.dedupeKey ?? dedupeKeyOf(snapshot) };
  // Safe to try twice: the event is keyed before the first try (see inTransaction).
  return inTransaction((tx, attempt) => applySnapshot(tx, keyed, now, settings, attempt));
}
