// Realistic tasks for the demo and for load and storm tests: every operation form, 1 to
// 20 items, successes, failures, partial results, decompress lists, and tasks still
// running. Seeded, so a run can be repeated exactly.
import { encodeCmd } from "@/lib/fmgr/cmd";
import type { VendorTask } from "./server";

export type Scenario = {
  // What the vendor answers to a lookup once the task is over.
  task: VendorTask & { items: ScenarioItem[] };
  outcome: "succeeded" | "failed" | "partial" | "processing";
  separate: boolean;
};

type ScenarioItem = { cmd: string; code: number; desc: string; error: string | null; hash: string; fsize: number | string; key: string; url: string; decompresslist?: string };

export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BUCKETS = ["media-prod", "w-transcode-region105", "backup-eu", "static-assets", "user-uploads"];
const ERRORS = ["file not exist", "fetch source timeout", "source returned HTTP 403", "md5 mismatch", "bucket not found", "no permission"];
const none = { bucket: null, key: null, prefix: null, sourceUrl: null, source: null, target: null, keys: [], options: {} };

function pick<T>(random: () => number, values: readonly T[]): T {
  return values[Math.floor(random() * values.length)] as T;
}

function hex(random: () => number, length: number): string {
  return Array.from({ length }, () => Math.floor(random() * 16).toString(16)).join("");
}

function makeCmd(random: () => number, op: string, index: number): { cmd: string; bucket: string; key: string; decompresslist?: string } {
  const bucket = pick(random, BUCKETS);
  const key = `videos/${hex(random, 8)}_${index}.mp4`;
  switch (op) {
    case "fetch":
      return { cmd: encodeCmd({ ...none, op: "fetch", sourceUrl: `http://origin.example.com/${key}`, bucket, key }), bucket, key };
    case "decompress": {
      const archive = `archives/${hex(random, 6)}.zip`;
      const list = JSON.stringify(Array.from({ length: 3 + Math.floor(random() * 40) }, (_, n) => `unzipped/${hex(random, 4)}/file_${n}.txt`));
      return { cmd: encodeCmd({ ...none, op: "fetch", sourceUrl: `https://origin.example.com/${archive}`, bucket, key: archive, options: { decompression: "zip" } }), bucket, key: archive, decompresslist: list };
    }
    case "copy":
      return { cmd: encodeCmd({ ...none, op: "copy_or_move", source: { bucket: pick(random, BUCKETS), key }, bucket, key }), bucket, key };
    case "delete":
      return { cmd: encodeCmd({ ...none, op: "delete", bucket, key }), bucket, key };
    case "m3u8": {
      const playlist = `live/${hex(random, 6)}/index.m3u8`;
      return { cmd: encodeCmd({ ...none, op: "delete_m3u8", bucket, key: playlist, options: { deletets: "1" } }), bucket, key: playlist };
    }
    case "prefix":
      return { cmd: encodeCmd({ ...none, op: "delete_prefix", bucket, prefix: `tmp/${hex(random, 4)}/` }), bucket, key: "" };
    case "compress":
      return { cmd: encodeCmd({ ...none, op: "compress", bucket, keys: [key, `${key}.srt`], target: { bucket, key: `bundles/${hex(random, 6)}.zip` } }), bucket, key: `bundles/${hex(random, 6)}.zip` };
    default:
      return { cmd: encodeCmd({ ...none, op: "retention", bucket, prefix: "logs/", options: { deadline: String(1 + Math.floor(random() * 90)) } }), bucket, key: "" };
  }
}

const OPS = ["fetch", "fetch", "copy", "delete", "m3u8", "prefix", "compress", "retention", "decompress"] as const;

export function makeScenario(random: () => number, options: { maxItems?: number } = {}): Scenario {
  const roll = random();
  const outcome: Scenario["outcome"] = roll < 0.6 ? "succeeded" : roll < 0.75 ? "failed" : roll < 0.9 ? "partial" : "processing";
  const count = 1 + Math.floor(random() ** 2 * (options.maxItems ?? 20));
  const op = pick(random, OPS);
  const items: ScenarioItem[] = Array.from({ length: count }, (_, index) => {
    const { cmd, bucket, key, decompresslist } = makeCmd(random, op, index);
    const failed = outcome === "failed" || (outcome === "partial" && (index % 2 === 1 || count === 1));
    const running = outcome === "processing" && index >= count / 2;
    const code = running ? 1 : failed ? 20 : 6;
    const isListing = key === "";
    return {
      cmd,
      code,
      desc: running ? "processing" : failed ? "fileOperateFailed" : "fileOperateSucceed",
      error: failed ? pick(random, ERRORS) : null,
      hash: failed || running || isListing ? "" : hex(random, 28),
      fsize: failed || running || isListing ? "" : Math.floor(random() * 5e9),
      key,
      url: key ? `http://${bucket}.example-cdn.com/${key}` : "",
      ...(decompresslist && !failed && !running ? { decompresslist } : {}),
    };
  });
  const lookupCode = outcome === "processing" ? 1 : 6;
  return {
    task: { id: `ff808081${hex(random, 24)}`, code: lookupCode, desc: lookupCode === 1 ? "processing" : "notification succeeded", separate: 0, items },
    outcome,
    separate: count > 1 && random() < 0.4,
  };
}
