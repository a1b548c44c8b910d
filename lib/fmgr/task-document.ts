// The task document (docs/protocol.md, "The task document"), as a callback carries it and a lookup returns it. Types
// are loose in the wild: identity and state fields are checked strictly, display fields
// are taken as they come (the raw text is always kept beside the parsed document).
import { isSafeNumber, parse, parseLosslessNumber, stringify } from "lossless-json";
import { z } from "zod";
import { isPersistentId } from "./persistent-id";

// JSON.parse would turn an fsize above 2^53 into a float; past that range a number
// stays the digit string it was sent as.
export function parseJsonLossless(text: string): unknown {
  return parse(text, null, (value) => (isSafeNumber(value) ? Number(value) : value));
}

// Postgres text and jsonb cannot hold U+0000; in stored values it becomes U+FFFD (the
// raw body, kept as received, still has the original).
const NUL = /\u0000/g;
const withoutNul = (value: string) => value.replace(NUL, "\uFFFD");

// The decoded JSON as Postgres can store it: numbers exact, NUL replaced.
export function jsonForStorage(json: string): string {
  if (!json.includes("\\u0000")) return json;
  const value = parse(json, (_key, entry) => (typeof entry === "string" ? withoutNul(entry) : entry), parseLosslessNumber);
  return stringify(value) ?? json;
}

// Codes are stored as 32-bit integers; a larger one is a malformed document, not a 503.
const intLike = z.union([
  z.number().int().min(-2_147_483_648).max(2_147_483_647),
  z
    .string()
    .trim()
    .regex(/^-?\d{1,9}$/, "must be a whole number")
    .transform(Number),
]);

// A code that may not be there yet: null, "" and absent all mean "no code yet".
const optionalCode = z
  .union([intLike, z.null(), z.literal("")])
  .optional()
  .transform((value) => (typeof value === "number" ? value : null));

// null, absent and "" mean "no value"; other scalars become text, structures become JSON.
const looseText = z
  .unknown()
  .optional()
  .transform((value) => {
    if (value === null || value === undefined || value === "") return null;
    if (typeof value === "string") return withoutNul(value);
    if (typeof value === "number" || typeof value === "boolean") return String(value);
    return withoutNul(JSON.stringify(value));
  });

// A byte count as an exact digit string, whether it came as a number or a string.
const fsize = z.unknown().optional().transform((value) => {
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return String(value);
  if (typeof value === "string" && /^\d+$/.test(value.trim())) return value.trim().replace(/^0+(?=\d)/, "");
  return null;
});

const separate = z
  .union([z.literal(0), z.literal(1), z.literal("0"), z.literal("1"), z.boolean(), z.null(), z.literal("")])
  .optional()
  .transform((value) => value === 1 || value === "1" || value === true);

export const taskItemSchema = z.looseObject({
  cmd: z.string().transform(withoutNul),
  code: optionalCode,
  desc: looseText,
  error: looseText,
  hash: looseText,
  fsize,
  key: looseText,
  url: looseText,
  decompresslist: looseText,
});

export const taskDocumentSchema = z.looseObject({
  id: z.string().trim().refine(isPersistentId, "must be 1 to 128 letters, digits, '.', '_' or '-'"),
  code: optionalCode,
  desc: looseText,
  separate,
  items: z.array(taskItemSchema).default([]),
});

export type TaskItemDocument = z.output<typeof taskItemSchema>;
export type TaskDocument = z.output<typeof taskDocumentSchema>;

export const vendorErrorSchema = z.looseObject({
  code: intLike,
  message: z.string(),
});

export type DocumentResult = { ok: true; document: TaskDocument } | { ok: false; message: string };

export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join(".") : "document"}: ${issue.message}`)
    .join("; ");
}

export function parseTaskDocument(json: string): DocumentResult {
  let value: unknown;
  try {
    value = parseJsonLossless(json);
  } catch (error) {
    return { ok: false, message: `Not JSON: ${(error as Error).message}` };
  }
  const result = taskDocumentSchema.safeParse(value);
  return result.success ? { ok: true, document: result.data } : { ok: false, message: describeZodError(result.error) };
}

// What GET /fmgr/status answered: the task, the vendor's error document, or neither.
export type StatusAnswer =
  | { kind: "task"; document: TaskDocument }
  | { kind: "error"; code: number; message: string }
  | { kind: "invalid"; message: string };

export function parseStatusAnswer(text: string): StatusAnswer {
  let value: unknown;
  try {
    value = parseJsonLossless(text);
  } catch {
    return { kind: "invalid", message: "The vendor's answer is not JSON." };
  }
  const asError = vendorErrorSchema.safeParse(value);
  if (asError.success && (value as Record<string, unknown>).id === undefined) {
    return { kind: "error", code: asError.data.code, message: asError.data.message };
  }
  const asTask = taskDocumentSchema.safeParse(value);
  if (asTask.success) return { kind: "task", document: asTask.data };
  return { kind: "invalid", message: `The vendor's answer is not a task document (${describeZodError(asTask.error)}).` };
}
