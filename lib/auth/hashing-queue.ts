import pLimit, { type LimitFunction } from "p-limit";
import { AppError } from "@/lib/errors";
import { processGlobal } from "@/lib/process-global";

// Password checks (scrypt, tens of milliseconds and 32 MiB each) run on libuv's shared
// thread pool, which also compresses answers and reads files for every other request. A
// flood of sign-ins filled it, and a signed-in API went from 14 ms to 4.2 s. So checks
// take one pool thread at most, and only a few wait for it; past that a sign-in is
// refused at once with 429 (the proxy refuses it before any work, see isHashingSaturated).
export const HASHING_CONCURRENCY = 1;
export const HASHING_QUEUE = 8;

const queue = (): LimitFunction => processGlobal("hashingQueue", () => pLimit(HASHING_CONCURRENCY));

export function isHashingSaturated(): boolean {
  const limit = queue();
  return limit.activeCount + limit.pendingCount >= HASHING_CONCURRENCY + HASHING_QUEUE;
}

// The one refusal for a full queue, from the gate or from the sign-in itself.
export function hashingBusy(): AppError {
  return new AppError("too_many_requests", "Too many sign-ins at once. Try again in a few seconds.");
}

export function onHashingQueue<T>(check: () => Promise<T>): Promise<T> {
  if (isHashingSaturated()) return Promise.reject(hashingBusy());
  return queue()(check);
}
