// Reads the `cmd` of an item (docs/protocol.md, "cmd formats") into what an operator wants to see: which
// operation, on which bucket and key, from where to where. Never throws; what it cannot
// read comes back as op "unknown" with the raw text.
import { decodeBase64Text, encodeUrlSafeBase64 } from "./base64";

export const OPERATIONS = ["fetch", "copy_or_move", "delete", "delete_m3u8", "delete_prefix", "compress", "retention", "unknown"] as const;
export type Operation = (typeof OPERATIONS)[number];

export const OPERATION_LABELS: Record<Operation, string> = {
  fetch: "fetch",
  copy_or_move: "copy or move",
  delete: "delete",
  delete_m3u8: "delete m3u8",
  delete_prefix: "delete by prefix",
  compress: "compress",
  retention: "set retention",
  unknown: "unknown",
};

export type ObjectRef = { bucket: string; key: string | null };

export type DecodedCmd = {
  op: Operation;
  raw: string;
  bucket: string | null;
  key: string | null;
  prefix: string | null;
  sourceUrl: string | null;
  source: ObjectRef | null;
  target: ObjectRef | null;
  keys: string[];
  options: Record<string, string>;
};

const BASE64_FIELDS = new Set(["fetchURL", "resource", "bucket", "key", "prefix", "output", "saveas", "keyList"]);
const PLAIN_FIELDS = new Set(["md5", "decompression", "fetchTS", "deletets", "deadline", "deleteAfterDays"]);

function unknownCmd(raw: string): DecodedCmd {
  return { op: "unknown", raw, bucket: null, key: null, prefix: null, sourceUrl: null, source: null, target: null, keys: [], options: {} };
}

// "bucket:key" (the key may itself contain ":"); a bare bucket has no key.
function parseObjectRef(text: string): ObjectRef {
  const separator = text.indexOf(":");
  return separator < 0 ? { bucket: text, key: null } : { bucket: text.slice(0, separator), key: text.slice(separator + 1) };
}

function readFields(raw: string): Map<string, string> | null {
  const segments = raw.split("/");
  if (segments.length < 2 || segments.length % 2 !== 0) return null;
  const fields = new Map<string, string>();
  for (let index = 0; index < segments.length; index += 2) {
    const name = segments[index] ?? "";
    const value = segments[index + 1] ?? "";
    if (fields.has(name)) return null;
    if (name === "keys") {
      const parts = value.split("|").map(decodeBase64Text);
      if (parts.some((part) => part === null)) return null;
      fields.set(name, JSON.stringify(parts));
    } else if (BASE64_FIELDS.has(name)) {
      const decoded = decodeBase64Text(value);
      if (decoded === null) return null;
      fields.set(name, decoded);
    } else if (PLAIN_FIELDS.has(name)) {
      fields.set(name, value);
    } else {
      return null;
    }
  }
  return fields;
}

function classify(fields: Map<string, string>): Operation | null {
  const has = (name: string) => fields.has(name);
  if (has("fetchURL")) return has("bucket") ? "fetch" : null;
  if (has("resource")) return has("bucket") ? "copy_or_move" : null;
  if (!has("bucket")) return null;
  if (has("keys") || has("keyList")) return has("saveas") ? "compress" : null;
  if (has("deadline") || has("deleteAfterDays")) return "retention";
  if (has("key")) return has("deletets") || /\.m3u8$/i.test(fields.get("key") ?? "") ? "delete_m3u8" : "delete";
  if (has("prefix")) return "delete_prefix";
  return null;
}

export function decodeCmd(raw: string): DecodedCmd {
  const fields = typeof raw === "string" ? readFields(raw) : null;
  const op = fields ? classify(fields) : null;
  if (!fields || !op) return unknownCmd(String(raw));
  const options: Record<string, string> = {};
  for (const name of PLAIN_FIELDS) {
    const value = fields.get(name);
    if (value !== undefined) options[name] = value;
  }
  const keyList = fields.get("keyList");
  if (keyList !== undefined) options.keyList = keyList;
  const output = fields.get("output") ?? fields.get("saveas");
  return {
    op,
    raw,
    bucket: fields.get("bucket") ?? null,
    key: fields.get("key") ?? null,
    prefix: fields.get("prefix") ?? null,
    sourceUrl: fields.get("fetchURL") ?? null,
    source: fields.has("resource") ? parseObjectRef(fields.get("resource") ?? "") : null,
    target: output === undefined ? null : parseObjectRef(output),
    keys: fields.has("keys") ? (JSON.parse(fields.get("keys") ?? "[]") as string[]) : [],
    options,
  };
}

// The inverse, for the fake vendor, the demo and the round-trip tests: builds the cmd of
// docs/protocol.md, "cmd formats", for a description, fields in the documented order.
export function encodeCmd(cmd: Omit<DecodedCmd, "raw" | "op"> & { op: Exclude<Operation, "unknown"> }): string {
  const b64 = (value: string) => encodeUrlSafeBase64(value);
  const ref = (value: ObjectRef) => b64(value.key === null ? value.bucket : `${value.bucket}:${value.key}`);
  const parts: string[] = [];
  const add = (name: string, value: string | null | undefined) => {
    if (value !== null && value !== undefined) parts.push(name, value);
  };
  if (cmd.op === "fetch") add("fetchURL", b64(cmd.sourceUrl ?? ""));
  if (cmd.op === "copy_or_move" && cmd.source) add("resource", ref(cmd.source));
  add("bucket", b64(cmd.bucket ?? ""));
  if (cmd.op === "compress") {
    add("keys", cmd.keys.map(b64).join("|"));
    add("keyList", cmd.options.keyList === undefined ? null : b64(cmd.options.keyList));
    add("saveas", cmd.target ? ref(cmd.target) : null);
    return parts.join("/");
  }
  add("key", cmd.key === null ? null : b64(cmd.key));
  add("prefix", cmd.prefix === null ? null : b64(cmd.prefix));
  if (cmd.op === "delete_prefix") add("output", cmd.target ? ref(cmd.target) : null);
  for (const name of ["md5", "decompression", "fetchTS", "deletets", "deadline", "deleteAfterDays"]) {
    add(name, cmd.options[name]);
  }
  return parts.join("/");
}
