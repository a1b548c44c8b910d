"use server";

import { z } from "zod";
import { sessionRefusal } from "@/lib/auth/current-user";
import { checkSignature, type SignatureCheck } from "@/lib/callbacks/check-signature";

export type CheckInput = { url: string; body: string; authorization: string };

// The input comes back with the answer: React resets a form after its action, and an
// operator trying one header after another should not paste the body again.
export type SignatureCheckState =
  | { status: "idle" }
  | { status: "checked"; result: SignatureCheck; input: CheckInput }
  | { status: "error"; message: string; input: CheckInput };

const checkInput = z.object({
  url: z.url({ protocol: /^https?$/, error: "Paste the full URL the vendor posted to, starting with http:// or https://." }),
  body: z.string().max(4 * 1024 * 1024, "The body is larger than the 4 MiB a callback may be."),
  authorization: z.string().trim().max(1000),
});

export async function checkSignatureAction(_previous: SignatureCheckState, formData: FormData): Promise<SignatureCheckState> {
  const text = (name: string) => {
    const value = formData.get(name);
    return typeof value === "string" ? value : "";
  };
  const submitted = { url: text("url"), body: text("body"), authorization: text("authorization") };
  const refusal = await sessionRefusal();
  if (refusal) return { status: "error", message: refusal, input: submitted };
  const input = checkInput.safeParse(submitted);
  if (!input.success) return { status: "error", message: input.error.issues[0]?.message ?? "Invalid input.", input: submitted };
  return { status: "checked", result: checkSignature(input.data), input: submitted };
}
