// The documents this process appended lately, by event id, so a projector in this process
// (on the embedded database) applies them without reading them back and parsing them
// again. The projector's thread reads them back: a document is cheaper to read there than
// to copy across threads here, on the thread that answers the callbacks. A miss (another
// instance took the callback, or this one restarted) reads the stored document instead:
// the cache is never the record.
import type { TaskDocument } from "@/lib/fmgr/task-document";
import { processGlobal } from "@/lib/process-global";

// Enough for several seconds of a storm; the oldest go first.
const MAX_DOCUMENTS = 20_000;

const documents = () => processGlobal("appendedDocuments", () => new Map<bigint, TaskDocument>());

export function rememberDocument(eventId: bigint, document: TaskDocument): void {
  const cache = documents();
  cache.set(eventId, document);
  if (cache.size > MAX_DOCUMENTS) {
    const oldest = cache.keys().next();
    if (!oldest.done) cache.delete(oldest.value);
  }
}

// The document, once: an applied event is not asked for again.
export function takeDocument(eventId: bigint): TaskDocument | undefined {
  const cache = documents();
  const document = cache.get(eventId);
  if (document) cache.delete(eventId);
  return document;
}
