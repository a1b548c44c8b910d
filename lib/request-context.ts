// The request a piece of work belongs to, carried through awaits by AsyncLocalStorage so
// that every log line written while serving a request names it. Kept on globalThis: the
// logger and the route bundles must share one store.
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import { processGlobal } from "@/lib/process-global";

export type RequestContext = { requestId: string };

function storage(): AsyncLocalStorage<RequestContext> {
  return processGlobal("requestContext", () => new AsyncLocalStorage<RequestContext>());
}

export const REQUEST_ID_HEADER = "x-request-id";
const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{1,64}$/;

// A load balancer's id is kept so one request can be followed across both logs; anything
// else (missing, too long, odd characters that could forge log lines) gets a fresh id.
export function requestIdFrom(headers: Pick<Headers, "get">): string {
  const given = headers.get(REQUEST_ID_HEADER);
  return given && ACCEPTABLE_ID.test(given) ? given : randomUUID();
}

export function currentRequestContext(): RequestContext | undefined {
  return storage().getStore();
}

export function runWithRequestId<T>(requestId: string, work: () => T): T {
  return storage().run({ requestId }, work);
}
