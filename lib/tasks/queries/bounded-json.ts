// Vendor JSON shown to people, bounded whatever the vendor sends: a document nested
// 3,000 levels deep is 8 KB as received and 18 MB once indented. Past MAX_DEPTH a value
// is collapsed to a note, and the indented text is cut at MAX_TEXT; the raw payload,
// kept beside it, always has all of it.
import { isLosslessNumber, parse, stringify } from "lossless-json";

export const MAX_DEPTH = 24;
export const MAX_TEXT = 64 * 1024;

function collapsed(value: unknown[] | object): string {
  const size = Array.isArray(value) ? `${value.length} item(s)` : `${Object.keys(value).length} field(s)`;
  return `… ${size} nested deeper than ${MAX_DEPTH} levels: see the raw payload`;
}

// The value with everything below MAX_DEPTH replaced by a note; `isCapped` says whether
// anything was.
export function capDepth(value: unknown, depth = 0): { value: unknown; isCapped: boolean } {
  if (value === null || typeof value !== "object" || isLosslessNumber(value)) return { value, isCapped: false };
  if (depth >= MAX_DEPTH) return { value: collapsed(value), isCapped: true };
  let isCapped = false;
  const take = (entry: unknown) => {
    const capped = capDepth(entry, depth + 1);
    isCapped ||= capped.isCapped;
    return capped.value;
  };
  const result = Array.isArray(value) ? value.map(take) : Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, take(entry)]));
  return { value: result, isCapped };
}

// Indented JSON text for a page, numbers exact, depth and size bounded; null when the
// text is not JSON.
export function boundedJsonText(json: string, maxText = MAX_TEXT): { text: string; isCapped: boolean } | null {
  let parsed: unknown;
  try {
    parsed = parse(json);
  } catch {
    return null;
  }
  const capped = capDepth(parsed);
  const text = stringify(capped.value, null, 2) ?? "";
  if (text.length <= maxText) return { text, isCapped: capped.isCapped };
  return { text: `${text.slice(0, maxText)}\n… cut at ${Math.round(maxText / 1024)} KB: see the raw payload`, isCapped: true };
}
