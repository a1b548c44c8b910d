import { getEnv } from "@/lib/env";

// The "framework ceiling" of the ingest benchmark (npm run bench): a route that does
// nothing, in the same build and, like the callback, outside the proxy. It exists only
// when BENCH_ROUTES=true; otherwise it is a 404 like any unknown address.
export function POST(): Response {
  if (!getEnv().BENCH_ROUTES) return Response.json({ error: { code: "not_found", message: "Not found." } }, { status: 404 });
  return Response.json({ ok: true });
}

// The same for GET: the read benchmark's floor without the proxy.
export const GET = POST;
