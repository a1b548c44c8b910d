import { processGlobal } from "@/lib/process-global";

// How many keyless refusals (no valid key: see isKeyless) one address may have stored
// per minute. Past it, one in SAMPLE_EVERY is still stored, as a sample, and the rest
// are only counted (fmgr_callback_refusals_unstored_total): a flood costs its sender the
// requests and us a counter. Per instance, in memory: several instances each allow it.
export const KEYLESS_PER_ADDRESS_PER_MINUTE = 30;
export const SAMPLE_EVERY = 100;
const MAX_ADDRESSES = 10_000;

type Window = { minute: number; used: number };

const windows = () => processGlobal("refusalBudgets", () => new Map<string, Window>());

// Whether this refusal from `address` is to be stored.
export function takeRefusalBudget(address: string, now = Date.now()): boolean {
  const minute = Math.floor(now / 60_000);
  let window = windows().get(address);
  if (!window || window.minute !== minute) {
    // A spread of forged addresses cannot grow the map past a bound.
    if (windows().size >= MAX_ADDRESSES) windows().clear();
    window = { minute, used: 0 };
    windows().set(address, window);
  }
  window.used += 1;
  return window.used <= KEYLESS_PER_ADDRESS_PER_MINUTE || window.used % SAMPLE_EVERY === 0;
}
