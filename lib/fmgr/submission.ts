// Submitting a task to the vendor (docs/protocol.md, "Submitting a task"): POST
// {MgrDomain}/fmgr/{op} with a form body, signed by the management token.
import { encodeUrlSafeBase64 } from "./base64";
import { computeSignature } from "./signature";

// The vendor's submission endpoints, by the operation our cmd decoder names. A cmd alone
// cannot tell copy from move, so that one needs the person to say which.
export const SUBMIT_OPS = ["fetch", "copy", "move", "delete", "deletePrefix", "deletem3u8", "compress"] as const;
export type SubmitOp = (typeof SUBMIT_OPS)[number];

// Operations that remove data, named plainly wherever a person confirms a submission.
export const DESTRUCTIVE_OPS: ReadonlySet<SubmitOp> = new Set(["delete", "deletePrefix", "deletem3u8", "move"]);

// The management token: "AccessKey:" + URL-safe base64 (padded) of the hex HMAC-SHA1 of
// path + "\n" + body, keyed by the SecretKey. The callback signature's construction, over
// the request's own path.
export function managementToken(credentials: { accessKey: string; secretKey: string }, path: string, body: string): string {
  return `${credentials.accessKey}:${computeSignature(credentials.secretKey, path, body)}`;
}

// The form body, exactly as sent and signed. Several cmds are joined by ";". The cmds are
// URL-safe base64 and slashes already, so they go unescaped, as the vendor's SDK sends
// them; force exists for fetch only.
export function submissionBody(options: { op: SubmitOp; cmds: readonly string[]; notifyUrl: string; separate: boolean; force?: boolean }): string {
  const fields = [`fops=${options.cmds.join(";")}`, `notifyURL=${encodeUrlSafeBase64(options.notifyUrl)}`, `separate=${options.separate ? 1 : 0}`];
  if (options.op === "fetch") fields.push(`force=${options.force ? 1 : 0}`);
  return fields.join("&");
}
