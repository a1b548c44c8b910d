// The fake vendor's scenarios as the reliability drills deliver them.
import type { Scenario } from "@/scripts/fake-vendor/scenarios";
import { separateNotifications, type VendorTask } from "@/scripts/fake-vendor/server";

type ScenarioTask = Scenario["task"];

// One item per operation: two notifications of one task that carry the same operation
// with the same code are byte-identical, and nothing can tell them from a redelivery
// (RELIABILITY.md), so a model of the result would be ambiguous.
export function withUniqueOperations(task: ScenarioTask): ScenarioTask {
  const seen = new Set<string>();
  return { ...task, items: task.items.filter((item) => !seen.has(item.cmd) && seen.add(item.cmd)) };
}

// What the vendor sends for a task: one notification per item (separate = 1) when it has
// several, else one notification with `singleCode` (3, or 1 while it still runs).
export function notificationsOf(task: ScenarioTask, singleCode = 3): VendorTask[] {
  return task.items.length > 1 ? separateNotifications(task) : [{ ...task, code: singleCode }];
}
