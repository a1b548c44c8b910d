// Which vendor submissions a task's failed items make (pure; retry-task.ts does the I/O).
import type { SubmitOp } from "@/lib/fmgr/submission";

// At most this many items go to the vendor in one submission; more are split into
// several vendor tasks.
export const MAX_ITEMS_PER_SUBMISSION = 500;

// A cmd goes into the form body as it is: URL-safe base64 and its separators only. One
// with anything else (a ";" would split it, a "&" end the field) is not submitted.
export const SUBMITTABLE_CMD = /^[A-Za-z0-9_\-=/|.:]+$/;

// Our decoder's operation → the vendor's endpoint. copy_or_move needs the person to say.
export const ENDPOINT_OF: Record<string, SubmitOp | "copy_or_move"> = {
  fetch: "fetch",
  copy_or_move: "copy_or_move",
  delete: "delete",
  delete_m3u8: "deletem3u8",
  delete_prefix: "deletePrefix",
  compress: "compress",
};

export type FailedItem = { id: bigint; op: string; cmd: string };

// Groups failed items by the vendor endpoint, in chunks of at most MAX_ITEMS_PER_SUBMISSION;
// what cannot be submitted is reported, not dropped.
export function planRetry(items: readonly FailedItem[], copyOrMove: "copy" | "move" | undefined) {
  const groups = new Map<SubmitOp, FailedItem[]>();
  const skipped = new Map<string, { items: number; reason: string }>();
  const skip = (op: string, reason: string) => skipped.set(`${op}|${reason}`, { items: (skipped.get(`${op}|${reason}`)?.items ?? 0) + 1, reason });
  for (const item of items) {
    const endpoint = ENDPOINT_OF[item.op];
    if (!endpoint) skip(item.op, `the vendor takes no retry of ${item.op === "unknown" ? "a cmd that does not decode" : `"${item.op}"`}`);
    else if (!SUBMITTABLE_CMD.test(item.cmd)) skip(item.op, "its cmd holds characters a submission cannot carry");
    else if (endpoint === "copy_or_move" && !copyOrMove) skip(item.op, "a cmd cannot tell copy from move: say which (copyOrMove=copy or move)");
    else {
      const op = endpoint === "copy_or_move" ? (copyOrMove as SubmitOp) : endpoint;
      const group = groups.get(op) ?? [];
      group.push(item);
      groups.set(op, group);
    }
  }
  const chunks: { op: SubmitOp; items: FailedItem[] }[] = [];
  for (const [op, group] of groups) {
    for (let start = 0; start < group.length; start += MAX_ITEMS_PER_SUBMISSION) chunks.push({ op, items: group.slice(start, start + MAX_ITEMS_PER_SUBMISSION) });
  }
  return { chunks, skipped: [...skipped].map(([key, value]) => ({ op: key.split("|")[0] ?? "", ...value })) };
}
