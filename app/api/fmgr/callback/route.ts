import { receiveCallback } from "@/lib/tasks/receive-callback";

export async function POST(request: Request): Promise<Response> {
  const reply = await receiveCallback(request);
  return Response.json(reply.body, { status: reply.status, headers: { "cache-control": "no-store", ...reply.headers } });
}
