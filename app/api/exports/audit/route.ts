import { downloadFormat, downloadResponse } from "@/lib/http/download";
import { handleRoute } from "@/lib/http/json-route";
import { exportAudit, parseAuditFilters } from "@/lib/retries/audit";

// The audit trail with the filters of /audit, every entry, as a file.
export function GET(request: Request): Promise<Response> {
  return handleRoute(request, () => {
    const params = new URL(request.url).searchParams;
    const format = downloadFormat(params);
    return Promise.resolve(downloadResponse(exportAudit(parseAuditFilters(params), format), format, `fmgr-audit-${new Date().toISOString().slice(0, 19)}`));
  });
}
