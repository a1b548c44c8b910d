import "server-only";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { processGlobal } from "@/lib/process-global";

// One registry per process, on globalThis: route handlers, server actions and the
// background workers are separate bundles, and all must count into the same metrics.
export type Metrics = ReturnType<typeof createMetrics>;

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    callbacks: new Counter({
      name: "fmgr_callbacks_total",
      help: "Callbacks received, by result (stored, duplicate, rejected, unavailable, unreadable) and rejection reason",
      labelNames: ["result", "reason"] as const,
      registers,
    }),
    callbackRefusalsUnstored: new Counter({
      name: "fmgr_callback_refusals_unstored_total",
      help: "Callback refusals without a valid key past their address's per-minute budget: answered and counted, not stored, by reason",
      labelNames: ["reason"] as const,
      registers,
    }),
    callbackSeconds: new Histogram({
      name: "fmgr_callback_ingest_seconds",
      help: "Time from a callback's arrival to its answer, by result",
      labelNames: ["result"] as const,
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    projectedEvents: new Counter({
      name: "fmgr_projected_events_total",
      help: "Events the projector applied to their tasks",
      registers,
    }),
    projectionBatchSeconds: new Histogram({
      name: "fmgr_projection_batch_seconds",
      help: "Time one projection batch took, from its claim to its commit",
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    lookups: new Counter({
      name: "fmgr_lookups_total",
      help: "Status lookups at the vendor, by trigger (refresh, reconcile) and result (ok or an error code)",
      labelNames: ["trigger", "result"] as const,
      registers,
    }),
    lookupSeconds: new Histogram({
      name: "fmgr_lookup_seconds",
      help: "Duration of status lookups at the vendor, including retries, by result",
      labelNames: ["result"] as const,
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    reconcilerChecks: new Counter({
      name: "fmgr_reconciler_checks_total",
      help: "Tasks the reconciler handled, by result (reconciled, failed, given_up)",
      labelNames: ["result"] as const,
      registers,
    }),
    reconcilerRounds: new Counter({ name: "fmgr_reconciler_rounds_total", help: "Reconcile rounds run, by outcome", labelNames: ["outcome"] as const, registers }),
    retentionPurged: new Counter({ name: "fmgr_retention_purged_total", help: "Rows purged by retention, by table", labelNames: ["table"] as const, registers }),
    alerts: new Counter({ name: "fmgr_alerts_total", help: "Alert webhook deliveries, by condition and result", labelNames: ["condition", "result"] as const, registers }),
    databaseRetries: new Counter({
      name: "fmgr_database_retries_total",
      help: "Work tried again on a fresh connection after the first one died under it, by kind (read, transaction, statement)",
      labelNames: ["kind"] as const,
      registers,
    }),
    processErrors: new Counter({
      name: "fmgr_process_errors_total",
      help: "Errors that escaped every handler, by kind (uncaughtException, unhandledRejection); should stay 0",
      labelNames: ["kind"] as const,
      registers,
    }),
    // Read from the database at each scrape (lib/jobs/scrape-metrics.ts).
    tasks: new Gauge({ name: "fmgr_tasks", help: "Tasks by current state, from the maintained counters", labelNames: ["state"] as const, registers }),
    reconcilerBacklog: new Gauge({ name: "fmgr_reconciler_backlog", help: "Tasks due for a reconcile lookup now (counted up to 100000)", registers }),
    projectionBacklog: new Gauge({ name: "fmgr_projection_backlog", help: "Events stored but not yet applied to their tasks (counted up to 100000)", registers }),
    alertsPending: new Gauge({ name: "fmgr_alerts_pending", help: "Alerts waiting to be delivered to the webhook", registers }),
    databaseUp: new Gauge({ name: "fmgr_database_up", help: "1 when the database answered this scrape's queries, else 0", registers }),
    databasePool: new Gauge({
      name: "fmgr_db_pool_connections",
      help: "Database pool connections by state (total, idle, waiting requests, max); absent on the embedded database",
      labelNames: ["state"] as const,
      registers,
    }),
  };
}

export function getMetrics(): Metrics {
  return processGlobal("metrics", createMetrics);
}

// For measuring a piece of work: seconds since `started` (from performance.now()).
export function secondsSince(started: number): number {
  return (performance.now() - started) / 1000;
}
