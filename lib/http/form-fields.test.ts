import { describe, expect, it } from "vitest";
import { formBoolean, formFields } from "./form-fields";

describe("formBoolean", () => {
  it("reads false as false, unlike z.coerce.boolean()", () => {
    expect(formBoolean.parse("false")).toBe(false);
    expect(formBoolean.parse("true")).toBe(true);
    expect(formBoolean.parse("on")).toBe(true);
    expect(formBoolean.parse(undefined)).toBe(false);
  });

  it("refuses anything else", () => {
    for (const value of ["", "0", "yes", "False", "1"]) expect(formBoolean.safeParse(value).success, value).toBe(false);
  });
});

describe("formFields", () => {
  it("takes the named text fields and nothing else", () => {
    const form = new FormData();
    form.set("name", "ops");
    form.set("other", "ignored");
    form.set("upload", new Blob(["x"]));
    expect(formFields(form, ["name", "missing", "upload"])).toEqual({ name: "ops", missing: undefined, upload: undefined });
  });
});
