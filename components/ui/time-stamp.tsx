"use client";

import { useSyncExternalStore } from "react";

function formatUtc(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

function formatLocal(date: Date): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return `${date.toLocaleString(undefined, { hour12: false })} ${zone}`;
}

const noSubscription = () => () => undefined;

// Stored and shown in UTC with the zone named; the viewer's local time is on hover.
// The server cannot know the viewer's zone, so the title is filled in on the client.
export function TimeStamp({ value }: { value: string }) {
  const date = new Date(value);
  const local = useSyncExternalStore(noSubscription, () => formatLocal(date), () => undefined);
  return (
    <time dateTime={value} title={local} className="whitespace-nowrap tabular-nums">
      {formatUtc(date)}
    </time>
  );
}
