import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery } from "@prisma/driver-adapter-utils";
import { isConnectionLost } from "./connection-loss";

// Reads outside a transaction are tried once more on a fresh connection when the first
// one died under them (a pooler's idle cut-off, a failover). Only statements that start
// with SELECT: a write whose answer was lost may have committed, and doing it again could
// double it. Writes and transactions keep failing fast; the ingest retries its own
// transaction (transaction.ts), where idempotency is known.
const READ_ONLY = /^\s*(\(\s*)*select\b/i;

export function isRetryableRead(query: SqlQuery): boolean {
  return READ_ONLY.test(query.sql) && !/\bfor\s+(no\s+key\s+)?(update|share)\b/i.test(query.sql);
}

// A link rarely dies alone (a failover, a pooler restart): the pool's other idle links
// went with it, and the pool drops each only once it has heard its socket close. A short
// pause lets it hear them, so the second try does not take another dead one.
const PAUSE_BEFORE_RETRY_MS = 25;

export async function withOneRetry<T>(work: () => Promise<T>, onRetry: (error: unknown) => void): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!isConnectionLost(error)) throw error;
    onRetry(error);
    await new Promise((resolve) => setTimeout(resolve, PAUSE_BEFORE_RETRY_MS));
    return work();
  }
}

function retryingAdapter(adapter: SqlDriverAdapter, onRetry: (error: unknown) => void): SqlDriverAdapter {
  const queryRaw = adapter.queryRaw.bind(adapter);
  return new Proxy(adapter, {
    get(target, property, receiver) {
      if (property === "queryRaw") {
        return (query: SqlQuery) => (isRetryableRead(query) ? withOneRetry(() => queryRaw(query), onRetry) : queryRaw(query));
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

export function retryingReads<F extends SqlDriverAdapterFactory>(factory: F, onRetry: (error: unknown) => void): F {
  return new Proxy(factory, {
    get(target, property, receiver) {
      if (property === "connect") return async () => retryingAdapter(await target.connect(), onRetry);
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
