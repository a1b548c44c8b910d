// docs/protocol.md, "Status lookups": 1 to 128 letters, digits, ".", "_" and "-". What people paste from a ticket
// often carries whitespace, quotes or a "persistentId:" label; those are taken off.
const PERSISTENT_ID = /^[A-Za-z0-9._-]{1,128}$/;
const LABEL = /^(?:persistent[_ ]?id|id)\s*[:=]\s*/i;

export type PersistentIdResult = { ok: true; persistentId: string } | { ok: false; message: string };

export function parsePersistentId(input: string): PersistentIdResult {
  const unwrapped = input
    .trim()
    .replace(LABEL, "")
    .replace(/^["'`]+|["'`]+$/g, "")
    .trim();
  if (unwrapped === "") return { ok: false, message: "Enter a persistentId." };
  if (unwrapped.length > 128) {
    return { ok: false, message: `A persistentId has at most 128 characters; this one has ${unwrapped.length}.` };
  }
  if (!PERSISTENT_ID.test(unwrapped)) {
    return { ok: false, message: "A persistentId has only letters, digits, '.', '_' and '-'." };
  }
  return { ok: true, persistentId: unwrapped };
}

export function isPersistentId(value: string): boolean {
  return PERSISTENT_ID.test(value);
}
