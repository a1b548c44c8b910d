// Display helpers shared by the pages.
const UNITS = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];

// Exact digit strings in, a human size out; the exact bytes stay available to the caller.
export function formatBytes(digits: string | null): string | null {
  if (digits === null || !/^\d+$/.test(digits)) return null;
  let value = Number(BigInt(digits));
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(value < 10 ? 2 : 1)} ${UNITS[unit]}`;
}

export function formatExactBytes(digits: string): string {
  return `${digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",")} bytes`;
}

// Vendor-supplied URLs become links only when they are http(s); anything else, such as
// javascript:, is shown as text.
export function safeHttpUrl(value: string | null): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

// Counts as people read them: 100,000, not 100000.
export function formatCount(value: number): string {
  return value.toLocaleString("en");
}
