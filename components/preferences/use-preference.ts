"use client";

import { useCallback, useSyncExternalStore } from "react";

// A choice remembered per browser (localStorage), shared live by every component that
// reads it. The server renders the default; the browser's choice applies on hydration.
const EVENT = "fmgr-preference";

function subscribe(onChange: () => void): () => void {
  window.addEventListener(EVENT, onChange);
  window.addEventListener("storage", onChange);
  return () => {
    window.removeEventListener(EVENT, onChange);
    window.removeEventListener("storage", onChange);
  };
}

function read(name: string): string | null {
  try {
    return window.localStorage.getItem(`fmgr.${name}`);
  } catch {
    return null; // storage blocked: the default stands
  }
}

export function usePreference<T extends string>(name: string, allowed: readonly T[], fallback: T): [T, (value: T) => void] {
  const stored = useSyncExternalStore(subscribe, () => read(name), () => null);
  const value = stored !== null && (allowed as readonly string[]).includes(stored) ? (stored as T) : fallback;
  const setValue = useCallback(
    (next: T) => {
      try {
        window.localStorage.setItem(`fmgr.${name}`, next);
      } catch {
        // not remembered, but applied below for this page
      }
      window.dispatchEvent(new Event(EVENT));
    },
    [name],
  );
  return [value, setValue];
}

export const TIME_MODES = ["utc", "local", "relative"] as const;
export type TimeMode = (typeof TIME_MODES)[number];
export const useTimeMode = () => usePreference<TimeMode>("time", TIME_MODES, "utc");

export const REFRESH_CHOICES = ["off", "5", "30", "60"] as const;
export type RefreshChoice = (typeof REFRESH_CHOICES)[number];
export const useRefreshChoice = () => usePreference<RefreshChoice>("refresh", REFRESH_CHOICES, "5");

// The polling interval in ms, or false when off.
export function useRefreshInterval(): number | false {
  const [choice] = useRefreshChoice();
  return choice === "off" ? false : Number(choice) * 1000;
}
