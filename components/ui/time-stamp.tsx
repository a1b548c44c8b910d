"use client";

import { useSyncExternalStore } from "react";
import { useTimeMode, type TimeMode } from "@/components/preferences/use-preference";

function formatUtc(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

function formatLocal(date: Date): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return `${date.toLocaleString("sv-SE", { hour12: false })} ${zone}`;
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
  ["second", 1_000],
];

function formatRelative(date: Date, now: number): string {
  const difference = date.getTime() - now;
  const format = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
  for (const [unit, size] of UNITS) {
    if (Math.abs(difference) >= size || unit === "second") return format.format(Math.round(difference / size), unit);
  }
  return format.format(0, "second");
}

// One clock for every relative time on the page, ticking each 15 s.
let now = Date.now();
const listeners = new Set<() => void>();
let ticker: ReturnType<typeof setInterval> | undefined;
function subscribeClock(listener: () => void): () => void {
  listeners.add(listener);
  now = Date.now();
  ticker ??= setInterval(() => {
    now = Date.now();
    for (const notify of listeners) notify();
  }, 15_000);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && ticker) {
      clearInterval(ticker);
      ticker = undefined;
    }
  };
}

function shown(date: Date, mode: TimeMode, clock: number): string {
  if (mode === "local") return formatLocal(date);
  if (mode === "relative") return formatRelative(date, clock);
  return formatUtc(date);
}

// In the viewer's chosen form (UTC, local or relative; the switch in the header); the
// title gives the exact UTC time whatever the form. The server renders UTC.
export function TimeStamp({ value }: { value: string }) {
  const date = new Date(value);
  const [mode] = useTimeMode();
  const clock = useSyncExternalStore(subscribeClock, () => now, () => now);
  return (
    <time dateTime={value} title={formatUtc(date)} className="tabular-nums">
      {shown(date, mode, clock)}
    </time>
  );
}
