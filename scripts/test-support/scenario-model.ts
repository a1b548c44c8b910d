// The reliability drills' model check: what the stored tasks must look like, computed
// from the fake vendor's scenarios alone, compared with what the database holds.
import type { Scenario } from "@/scripts/fake-vendor/scenarios";
import { queryDatabase, waitForProjection } from "./test-database";

type ScenarioItem = Scenario["task"]["items"][number];

// Every item with the code it was given, and the state those codes mean once every
// notification has arrived.
// The triage order's outcome of a scenario's codes: 0 failed, 1 running, 2 succeeded.
const OUTCOME: Record<number, number> = { 1: 1, 6: 2, 20: 0 };

export function expectedTask(scenario: Scenario) {
  const items = scenario.task.items.map((item: ScenarioItem) => `${item.cmd} ${item.code} ${OUTCOME[item.code]}`).sort();
  const codes = scenario.task.items.map((item: ScenarioItem) => item.code);
  const state = codes.some((code) => code === 1) ? "processing" : codes.every((code) => code === 6) ? "succeeded" : codes.every((code) => code === 20) ? "failed" : "partial";
  return { items, state, failed: codes.filter((code) => code === 20).length };
}

// One line per task that differs from the model (empty when all match). With `counts`,
// the events and deliveries per task are checked too.
export async function modelMismatches(
  databaseUrl: string,
  scenarios: readonly Scenario[],
  counts?: { events: Map<string, number>; deliveries: Map<string, number> },
): Promise<string[]> {
  // Every callback answered 200 is stored; the model is of tasks once all are applied.
  await waitForProjection(databaseUrl);
  const tasks = await queryDatabase<{ persistent_id: string; state: string; failed_count: number; events: string; deliveries: string }>(
    databaseUrl,
    `SELECT t.persistent_id, t.state, t.failed_count,
            (SELECT count(*) FROM task_events e WHERE e.task_id = t.id) AS events,
            (SELECT coalesce(sum(deliveries), 0) FROM task_events e WHERE e.task_id = t.id) AS deliveries
     FROM tasks t`,
  );
  const items = await queryDatabase<{ persistent_id: string; cmd: string; code: number; outcome: number }>(
    databaseUrl,
    "SELECT t.persistent_id, i.cmd, i.code, i.outcome FROM task_items i JOIN tasks t ON t.id = i.task_id",
  );
  const storedItems = new Map<string, string[]>();
  for (const item of items) storedItems.set(item.persistent_id, [...(storedItems.get(item.persistent_id) ?? []), `${item.cmd} ${item.code} ${item.outcome}`]);
  const mismatches: string[] = [];
  for (const scenario of scenarios) {
    const id = scenario.task.id;
    const stored = tasks.find((task) => task.persistent_id === id);
    const actual: Record<string, unknown> = { items: (storedItems.get(id) ?? []).sort(), state: stored?.state, failed: stored?.failed_count };
    const wanted: Record<string, unknown> = expectedTask(scenario);
    if (counts) {
      Object.assign(actual, { events: Number(stored?.events), deliveries: Number(stored?.deliveries) });
      Object.assign(wanted, { events: counts.events.get(id), deliveries: counts.deliveries.get(id) });
    }
    if (JSON.stringify(actual) !== JSON.stringify(wanted)) mismatches.push(`${id}: stored ${JSON.stringify(actual)}, expected ${JSON.stringify(wanted)}`);
  }
  return mismatches;
}
