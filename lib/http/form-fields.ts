import { z } from "zod";
import { AppError } from "@/lib/errors";

// A form's boolean, read strictly: z.coerce.boolean() would read "false" as true. A
// checkbox sends "on" when ticked and nothing when not.
export const formBoolean = z
  .enum(["true", "false", "on"], { error: "must be true or false" })
  .optional()
  .transform((value) => value === "true" || value === "on");

// The named text fields of a form; a file or a missing field reads as undefined.
export function formFields<Name extends string>(formData: FormData, names: readonly Name[]): Record<Name, string | undefined> {
  const fields = {} as Record<Name, string | undefined>;
  for (const name of names) {
    const value = formData.get(name);
    fields[name] = typeof value === "string" ? value : undefined;
  }
  return fields;
}

// Text a person types to search or filter: trimmed, bounded, and without control
// characters (a NUL would reach Postgres, which refuses it in text, as a 500). Tabs pass.
export function searchText(maxLength: number) {
  return z
    .string()
    .trim()
    .max(maxLength, `must be at most ${maxLength} characters`)
    .regex(/^[^\u0000-\u0008\u000a-\u001f\u007f]*$/, "must not contain control characters");
}

// Parameters parsed at the boundary, or a 400 that names the first bad one
// ("since: must be …"), as every list and filter of the API answers.
export function parseParams<Schema extends z.ZodType>(schema: Schema, input: unknown, whole = "query"): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new AppError("invalid_request", `${issue?.path.join(".") || whole}: ${issue?.message ?? "invalid"}`);
}

// A route's JSON body, parsed with its schema; an empty body is {}. The message of a
// body that is not JSON says what is expected.
export async function readJsonBody<Schema extends z.ZodType>(request: Request, schema: Schema, expected: string): Promise<z.output<Schema>> {
  const text = await request.text();
  let json: unknown;
  try {
    json = JSON.parse(text.trim() === "" ? "{}" : text);
  } catch {
    throw new AppError("invalid_request", `body: must be JSON, ${expected}`);
  }
  return parseParams(schema, json, "body");
}
