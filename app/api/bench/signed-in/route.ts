import { getDb, databasePool } from "@/lib/db/client";
import { getEnv } from "@/lib/env";

// The read benchmark's floor (npm run bench): a route that does nothing, behind the proxy
// like every dashboard route (session check, CSP, headers), so a read path's own cost is
// what it takes beyond this. `?db=prisma` or `?db=pg` adds one `SELECT 1` through Prisma
// or the raw pool, to price each. Exists only when BENCH_ROUTES=true; a 404 otherwise.
export async function GET(request: Request): Promise<Response> {
  if (!getEnv().BENCH_ROUTES) return Response.json({ error: { code: "not_found", message: "Not found." } }, { status: 404 });
  const db = new URL(request.url).searchParams.get("db");
  if (db === "prisma") await getDb().$queryRaw`SELECT 1`;
  if (db === "pg") await databasePool()?.query("SELECT 1");
  return Response.json({ ok: true });
}
