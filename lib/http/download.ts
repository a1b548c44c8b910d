import { AppError } from "@/lib/errors";

export type DownloadFormat = "csv" | "json";

export function downloadFormat(params: URLSearchParams): DownloadFormat {
  const format = params.get("format") ?? "csv";
  if (format === "csv" || format === "json") return format;
  throw new AppError("invalid_request", "format: must be csv or json");
}

// A streamed file download: never cached, saved under `name` with the format's extension.
export function downloadResponse(stream: ReadableStream<Uint8Array>, format: DownloadFormat, name: string): Response {
  const safeName = name.replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 120);
  return new Response(stream, {
    headers: {
      "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="${safeName}.${format}"`,
      "cache-control": "no-store",
    },
  });
}
