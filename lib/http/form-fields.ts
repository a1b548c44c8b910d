import { z } from "zod";

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
