import "server-only";
import { decodeCallbackBody } from "@/lib/fmgr/callback-body";
import { decodeCmd, type DecodedCmd } from "@/lib/fmgr/cmd";
import { describeCallbackTaskCode, describeItemCode, describeLookupTaskCode, type CodeClass } from "@/lib/fmgr/codes";
import { getDb } from "@/lib/db/client";
import { boundedJsonText, capDepth } from "./bounded-json";
import { isPersistentId } from "@/lib/fmgr/persistent-id";
import type { ItemRow } from "@/lib/tasks/ingest/merge-items";
import type { TaskState } from "@/lib/tasks/task-state";

export const EVENTS_SHOWN = 200;

export type TaskCode = { code: number; label: string } | null;

export type TaskDetail = {
  task: {
    persistentId: string;
    state: TaskState;
    // The code of whichever came last, a lookup or a callback; both families below.
    code: number | null;
    codeSource: "lookup" | "callback" | null;
    lookupCode: TaskCode;
    callbackCode: TaskCode;
    desc: string | null;
    separate: boolean;
    itemCount: number;
    failedCount: number;
    firstSeenAt: string;
    updatedAt: string;
    lastCallbackAt: string | null;
    lastCheckedAt: string | null;
    callbackMissingAt: string | null;
    nextCheckAt: string | null;
  };
  items: (Omit<ItemRow, "cmdDigest" | "occurrence"> & { codeLabel: string; codeClass: CodeClass; decoded: Omit<DecodedCmd, "raw"> })[];
  events: {
    id: string;
    source: "callback" | "lookup" | "reconcile";
    receivedAt: string;
    lastReceivedAt: string;
    code: number | null;
    codeLabel: string | null;
    deliveries: number;
    signatureKey: string | null;
    signatureCandidate: string | null;
    raw: string;
    // Bounded (bounded-json.ts): below 24 levels a value is collapsed to a note.
    decoded: unknown;
    // The JSON the event carried, indented, numbers exact (jsonb comes back as JS
    // numbers, which would round an fsize past 2^53), bounded in depth and size.
    decodedText: string | null;
    // Something was collapsed or cut in decoded or decodedText; raw has all of it.
    decodedIsCapped: boolean;
  }[];
};

function prettyJson(source: "callback" | "lookup" | "reconcile", raw: string): { text: string; isCapped: boolean } | null {
  const json = source === "callback" ? decodeCallbackBody(Buffer.from(raw)) : { ok: true as const, json: raw };
  return json.ok ? boundedJsonText(json.json) : null;
}

function eventCodeLabel(source: "callback" | "lookup" | "reconcile", code: number | null): string | null {
  if (code === null) return null;
  return (source === "callback" ? describeCallbackTaskCode(code) : describeLookupTaskCode(code)).label;
}

const iso = (value: Date | null) => value?.toISOString() ?? null;

function latestCode(task: { lookupCode: number | null; callbackCode: number | null; lastCheckedAt: Date | null; lastCallbackAt: Date | null }) {
  const lookupIsNewer = (task.lastCheckedAt?.getTime() ?? -1) > (task.lastCallbackAt?.getTime() ?? -1);
  if (lookupIsNewer && task.lookupCode !== null) return { code: task.lookupCode, codeSource: "lookup" as const };
  if (task.callbackCode !== null) return { code: task.callbackCode, codeSource: "callback" as const };
  return { code: task.lookupCode, codeSource: task.lookupCode === null ? null : ("lookup" as const) };
}

// One task with its items in display order and its newest events: three indexed reads.
// Text that cannot be a persistentId (a NUL, a space) names no task: null, with no query.
export async function getTaskDetail(persistentId: string): Promise<TaskDetail | null> {
  if (!isPersistentId(persistentId)) return null;
  const db = getDb();
  const task = await db.task.findUnique({
    where: { persistentId },
    select: {
      id: true, persistentId: true, state: true, callbackCode: true, lookupCode: true, desc: true, separate: true,
      itemCount: true, failedCount: true, firstSeenAt: true, updatedAt: true, lastCallbackAt: true,
      lastCheckedAt: true, callbackMissingAt: true, nextCheckAt: true,
    },
  });
  if (!task) return null;
  const [items, events] = await Promise.all([
    db.taskItem.findMany({
      where: { taskId: task.id },
      orderBy: [{ index: "asc" }, { id: "asc" }],
      select: { index: true, cmd: true, op: true, bucket: true, key: true, code: true, desc: true, error: true, hash: true, fsize: true, url: true, decompresslist: true },
    }),
    db.taskEvent.findMany({
      where: { taskId: task.id },
      orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
      take: EVENTS_SHOWN,
      select: { id: true, source: true, receivedAt: true, lastReceivedAt: true, code: true, deliveries: true, signatureKey: true, signatureCandidate: true, raw: true, decoded: true },
    }),
  ]);
  return {
    task: {
      persistentId: task.persistentId,
      state: task.state,
      ...latestCode(task),
      lookupCode: task.lookupCode === null ? null : { code: task.lookupCode, label: describeLookupTaskCode(task.lookupCode).label },
      callbackCode: task.callbackCode === null ? null : { code: task.callbackCode, label: describeCallbackTaskCode(task.callbackCode).label },
      desc: task.desc,
      separate: task.separate,
      itemCount: task.itemCount,
      failedCount: task.failedCount,
      firstSeenAt: task.firstSeenAt.toISOString(),
      updatedAt: task.updatedAt.toISOString(),
      lastCallbackAt: iso(task.lastCallbackAt),
      lastCheckedAt: iso(task.lastCheckedAt),
      callbackMissingAt: iso(task.callbackMissingAt),
      nextCheckAt: iso(task.nextCheckAt),
    },
    items: items.map((item) => {
      const { raw: _raw, ...decoded } = decodeCmd(item.cmd);
      const code = describeItemCode(item.code);
      return { ...item, fsize: item.fsize?.toString() ?? null, codeLabel: code.label, codeClass: code.class, decoded };
    }),
    events: events.map((event) => {
      const pretty = prettyJson(event.source, event.raw);
      const decoded = capDepth(event.decoded);
      return {
        ...event,
        id: event.id.toString(),
        receivedAt: event.receivedAt.toISOString(),
        lastReceivedAt: event.lastReceivedAt.toISOString(),
        codeLabel: eventCodeLabel(event.source, event.code),
        decoded: decoded.value,
        decodedText: pretty?.text ?? null,
        decodedIsCapped: decoded.isCapped || (pretty?.isCapped ?? false),
      };
    }),
  };
}

export async function findTaskId(persistentId: string): Promise<bigint | null> {
  if (!isPersistentId(persistentId)) return null;
  return (await getDb().task.findUnique({ where: { persistentId }, select: { id: true } }))?.id ?? null;
}

export async function taskExists(persistentId: string): Promise<boolean> {
  return (await findTaskId(persistentId)) !== null;
}
