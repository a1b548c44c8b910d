import { checkReadiness, healthResponse } from "@/lib/health";

// The load balancer's check (README, "Health and readiness").
export async function GET(): Promise<Response> {
  return healthResponse(await checkReadiness());
}
