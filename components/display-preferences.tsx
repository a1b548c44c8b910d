"use client";

import { REFRESH_CHOICES, TIME_MODES, useRefreshChoice, useTimeMode, type RefreshChoice, type TimeMode } from "@/components/preferences/use-preference";

const TIME_LABELS: Record<TimeMode, string> = { utc: "UTC", local: "Local", relative: "Relative" };
const REFRESH_LABELS: Record<RefreshChoice, string> = { off: "Off", "5": "5 s", "30": "30 s", "60": "1 min" };

const selectClass = "rounded-md border border-slate-300 bg-transparent px-1 py-0.5 text-xs dark:border-slate-700 dark:bg-slate-900";

// How times read and how often live data refreshes, remembered per browser. Selects,
// not hover: a phone has no hover.
export function DisplayPreferences() {
  const [timeMode, setTimeMode] = useTimeMode();
  const [refresh, setRefresh] = useRefreshChoice();
  return (
    <div className="flex items-center gap-3 text-xs text-slate-600 dark:text-slate-300">
      <label className="inline-flex items-center gap-1">
        Times
        <select value={timeMode} onChange={(event) => setTimeMode(event.target.value as TimeMode)} className={selectClass}>
          {TIME_MODES.map((mode) => (
            <option key={mode} value={mode}>
              {TIME_LABELS[mode]}
            </option>
          ))}
        </select>
      </label>
      <label className="inline-flex items-center gap-1">
        Refresh
        <select value={refresh} onChange={(event) => setRefresh(event.target.value as RefreshChoice)} className={selectClass}>
          {REFRESH_CHOICES.map((choice) => (
            <option key={choice} value={choice}>
              {REFRESH_LABELS[choice]}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
