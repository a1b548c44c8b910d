// The settings a task's derivation reads (lib/tasks/projection/fold-events.ts): its lookup
// schedule, and whether alerts are queued at all.
import type { Env } from "@/lib/env";
import type { ProjectionSettings } from "@/lib/tasks/projection/fold-events";

export function ingestSettingsFrom(env: Env): ProjectionSettings {
  return {
    staleAfterMs: env.RECONCILER_STALE_AFTER_MS,
    maxBackoffMs: env.RECONCILER_MAX_BACKOFF_MS,
    maxAgeMs: env.RECONCILER_MAX_AGE_MS,
    alertsEnabled: env.ALERT_WEBHOOK_URL !== undefined,
  };
}
