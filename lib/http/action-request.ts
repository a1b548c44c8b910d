import "server-only";
import { headers } from "next/headers";
import { requestIdFrom, runWithRequestId } from "@/lib/request-context";

// Server actions have no Request object; the proxy's x-request-id header is on the
// incoming headers, and this runs the action's work under it.
export async function inActionRequest<T>(work: () => Promise<T>): Promise<T> {
  return runWithRequestId(requestIdFrom(await headers()), work);
}
