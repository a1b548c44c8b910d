import { checkHealth } from "@/lib/health";

export async function GET(): Promise<Response> {
  const report = await checkHealth();
  if (report.status === "ok") return Response.json(report);
  return Response.json(
    { ...report, error: { code: `db_${report.db}`, message: report.message } },
    { status: 503, headers: { "cache-control": "no-store" } },
  );
}
