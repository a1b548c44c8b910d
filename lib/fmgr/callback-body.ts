// docs/protocol.md, "Callbacks": the body is the base64 of the JSON document, standard or URL-safe, padded or
// not; some senders post the JSON itself.
import { decodeBase64Text } from "./base64";

export type CallbackBody = { ok: true; json: string } | { ok: false; message: string };

export function decodeCallbackBody(bytes: Buffer): CallbackBody {
  const text = bytes.toString("utf8").trim();
  if (text === "") return { ok: false, message: "The body is empty." };
  if (text.startsWith("{")) return { ok: true, json: text };
  const json = decodeBase64Text(text.replace(/\s+/g, ""));
  if (json === null) return { ok: false, message: "The body is neither base64 nor JSON." };
  if (!json.trim().startsWith("{")) return { ok: false, message: "The body decodes from base64, but not to a JSON object." };
  return { ok: true, json };
}
