"use server";

import { z } from "zod";
import { checkSignature, type SignatureCheck } from "@/lib/callbacks/check-signature";
import { serverAction } from "@/lib/http/server-action";

export type CheckInput = { url: string; body: string; authorization: string };

// The input comes back with the answer: React resets a form after its action, and an
// operator trying one header after another should not paste the body again.
export type SignatureCheckState =
  | { status: "idle" }
  | { status: "checked"; result: SignatureCheck; input: CheckInput }
  | { status: "error"; message: string; input: CheckInput };

const submitted = (fields: Record<keyof CheckInput, string | undefined>): CheckInput => ({
  url: fields.url ?? "",
  body: fields.body ?? "",
  authorization: fields.authorization ?? "",
});

const check = serverAction({
  fields: ["url", "body", "authorization"],
  schema: z.object({
    url: z.url({ protocol: /^https?$/, error: "Paste the full URL the vendor posted to, starting with http:// or https://." }),
    body: z.string().max(4 * 1024 * 1024, "The body is larger than the 4 MiB a callback may be.").default(""),
    authorization: z.string().trim().max(1000).default(""),
  }),
  failed: (message, fields): SignatureCheckState => ({ status: "error", message, input: submitted(fields) }),
  run: (input, fields): SignatureCheckState => ({ status: "checked", result: checkSignature(input), input: submitted(fields) }),
});

export async function checkSignatureAction(previous: SignatureCheckState, formData: FormData): Promise<SignatureCheckState> {
  return check(previous, formData);
}
