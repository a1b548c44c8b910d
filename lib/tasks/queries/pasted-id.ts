// What people paste into the search: an id, this app's /tasks/<id> address, the vendor's
// /fmgr/status?persistentId=<id> address, or a line from a ticket with the id in it.
import { isPersistentId, parsePersistentId } from "@/lib/fmgr/persistent-id";

function idInUrl(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  const fromQuery = url.searchParams.get("persistentId") ?? url.searchParams.get("persistentid");
  if (fromQuery !== null) return isPersistentId(fromQuery.trim()) ? fromQuery.trim() : null;
  const fromPath = /\/tasks\/([^/?#]+)/.exec(url.pathname)?.[1];
  if (!fromPath) return null;
  try {
    const decoded = decodeURIComponent(fromPath);
    return isPersistentId(decoded) ? decoded : null;
  } catch {
    return null;
  }
}

// The id a pasted text names for sure: the whole text is one (with a label or quotes), or
// it is an address that carries one.
export function pastedPersistentId(text: string): string | null {
  const trimmed = text.trim();
  const fromUrl = idInUrl(trimmed);
  if (fromUrl) return fromUrl;
  const whole = parsePersistentId(trimmed);
  return whole.ok ? whole.persistentId : null;
}

// Words of a longer text that could be ids (addresses inside it included), longest
// first: a ticket line such as "task ff8080814… failed at 03:12" names its task among
// them. Short words are left out: they are far likelier to be plain words.
export const ID_WORD_MIN = 12;

export function persistentIdCandidates(text: string): string[] {
  const words = text.split(/[\s"'`<>(),;[\]{}]+/).filter(Boolean);
  const candidates = new Set<string>();
  for (const raw of words.slice(0, 50)) {
    // A sentence's full stop or colon is not part of the word.
    const word = raw.replace(/[.:!?]+$/, "");
    const id = idInUrl(word) ?? (isPersistentId(word) ? word : null);
    if (id && id.length >= ID_WORD_MIN) candidates.add(id);
  }
  return [...candidates].sort((a, b) => b.length - a.length);
}
