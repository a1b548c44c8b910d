import type { TaskDetail } from "@/lib/tasks/queries/get-task-detail";
import { TimeStamp } from "@/components/ui/time-stamp";
import { formatCount } from "@/lib/format";

const SOURCE_LABELS = { callback: "Callback", lookup: "Lookup", reconcile: "Reconcile lookup" } as const;

const whole = (persistentId: string, eventId: string) => `/api/tasks/${encodeURIComponent(persistentId)}/events/${eventId}`;

export function EventTimeline({ persistentId, events }: { persistentId: string; events: TaskDetail["events"] }) {
  if (events.length === 0) return <p className="text-sm text-slate-600">No callbacks or lookups recorded.</p>;
  return (
    <ol className="space-y-3">
      {events.map((event) => (
        <li key={event.id} className="rounded-lg border border-slate-200 bg-white p-3 text-sm dark:border-slate-800 dark:bg-slate-900">
          <div className="flex min-w-0 flex-wrap items-baseline gap-x-3 gap-y-1">
            <span className="font-semibold">{SOURCE_LABELS[event.source]}</span>
            <TimeStamp value={event.receivedAt} />
            {event.code !== null ? (
              <span>
                code {event.code}
                {event.codeLabel ? ` (${event.codeLabel})` : ""}
              </span>
            ) : null}
            {event.deliveries > 1 ? <span>{event.deliveries} deliveries</span> : null}
            {event.signatureKey ? (
              <span className="min-w-0 break-all text-slate-500">
                signed by {event.signatureKey} · {event.signatureCandidate}
              </span>
            ) : null}
          </div>
          <details className="mt-2">
            <summary className="cursor-pointer text-xs text-slate-500">
              Decoded JSON{event.decodedIsCapped ? " (shortened: deeply nested or very long; the raw payload below has all of it)" : ""}
            </summary>
            <pre className="mt-1 max-h-80 overflow-auto whitespace-pre-wrap break-all font-mono text-xs">{event.decodedText ?? "(not decodable)"}</pre>
          </details>
          <details className="mt-1">
            <summary className="cursor-pointer text-xs text-slate-500">Raw payload, as received</summary>
            <pre className="mt-1 max-h-80 overflow-auto whitespace-pre-wrap break-all font-mono text-xs">{event.raw}</pre>
          </details>
          {event.raw.length < event.rawBytes ? (
            <p className="mt-1 text-xs text-slate-500">
              The payload is {formatCount(event.rawBytes)} bytes; the page shows the start.{" "}
              <a href={whole(persistentId, event.id)} download className="font-medium underline">
                Download all of it
              </a>
            </p>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
