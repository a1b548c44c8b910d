// A compress item's decompress list, paged. The vendor does not document its form: a JSON
// array is read as entries, so is text with one entry per line; anything else is one
// entry, as it came.
import { z } from "zod";
import { parseParams, searchText } from "@/lib/http/form-fields";

export const DECOMPRESS_PAGE_SIZE = 20;
const SHOWN_ENTRY = 1_000;

export type DecompressPage = { total: number; matching: number; offset: number; entries: string[]; nextOffset: number | null };

export function decompressEntries(raw: string): string[] {
  try {
    const value: unknown = JSON.parse(raw);
    if (Array.isArray(value)) return value.map((entry) => (typeof entry === "string" ? entry : JSON.stringify(entry)));
  } catch {
    // not JSON: try lines
  }
  const lines = raw.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
  return lines.length > 0 ? lines : [raw];
}

const pageSchema = z.object({
  q: z.preprocess((value) => value ?? undefined, searchText(512).optional()),
  offset: z.preprocess((value) => value ?? undefined, z.coerce.number().int().min(0).max(100_000_000).default(0)),
  limit: z.preprocess((value) => value ?? undefined, z.coerce.number().int().min(1).max(200).default(DECOMPRESS_PAGE_SIZE)),
});

export function parseDecompressQuery(params: URLSearchParams): { q?: string; offset: number; limit: number } {
  return parseParams(pageSchema, { q: params.get("q"), offset: params.get("offset"), limit: params.get("limit") });
}

// Entries are cut at SHOWN_ENTRY characters each; the item CSV export has them whole.
export function decompressPage(raw: string, { q, offset, limit }: { q?: string; offset: number; limit: number }): DecompressPage {
  const entries = decompressEntries(raw);
  const needle = q?.trim().toLowerCase();
  const matching = needle ? entries.filter((entry) => entry.toLowerCase().includes(needle)) : entries;
  const shown = matching.slice(offset, offset + limit).map((entry) => (entry.length > SHOWN_ENTRY ? `${entry.slice(0, SHOWN_ENTRY)}…` : entry));
  const next = offset + limit < matching.length ? offset + limit : null;
  return { total: entries.length, matching: matching.length, offset, entries: shown, nextOffset: next };
}
