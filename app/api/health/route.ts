import { checkHealth, healthResponse } from "@/lib/health";

export async function GET(): Promise<Response> {
  return healthResponse(await checkHealth());
}
