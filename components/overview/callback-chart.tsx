import type { HourlyCallbacks } from "@/lib/tasks/queries/overview";

const HEIGHT = 80;
const BAR = 12;
const GAP = 4;

// Stacked hourly bars as plain SVG; the numbers are also in a table for screen readers.
export function CallbackChart({ hours }: { hours: HourlyCallbacks[] }) {
  const peak = Math.max(1, ...hours.map((hour) => hour.accepted + hour.rejected));
  const totals = hours.reduce((sum, hour) => ({ accepted: sum.accepted + hour.accepted, rejected: sum.rejected + hour.rejected }), { accepted: 0, rejected: 0 });
  const width = hours.length * (BAR + GAP);
  return (
    <figure className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <figcaption className="mb-2 flex flex-wrap justify-between gap-2 text-sm">
        <span className="font-semibold">Callbacks, last 24 hours (UTC)</span>
        <span className="text-slate-600 dark:text-slate-400">
          <span className="mr-1 inline-block size-2 rounded-sm bg-emerald-500" aria-hidden="true" />
          {totals.accepted.toLocaleString("en")} stored
          <span className="ml-3 mr-1 inline-block size-2 rounded-sm bg-red-500" aria-hidden="true" />
          {totals.rejected.toLocaleString("en")} rejected
        </span>
      </figcaption>
      <svg viewBox={`0 0 ${width} ${HEIGHT}`} className="h-20 w-full" preserveAspectRatio="none" aria-hidden="true">
        {hours.map((hour, index) => {
          const accepted = (hour.accepted / peak) * HEIGHT;
          const rejected = (hour.rejected / peak) * HEIGHT;
          const x = index * (BAR + GAP);
          return (
            <g key={hour.hour}>
              <title>{`${hour.hour.slice(11, 16)} UTC: ${hour.accepted} stored, ${hour.rejected} rejected`}</title>
              <rect x={x} y={HEIGHT - accepted} width={BAR} height={accepted} className="fill-emerald-500" />
              <rect x={x} y={HEIGHT - accepted - rejected} width={BAR} height={rejected} className="fill-red-500" />
            </g>
          );
        })}
      </svg>
      <table className="sr-only">
        <caption>Callbacks per hour</caption>
        <thead>
          <tr>
            <th scope="col">Hour (UTC)</th>
            <th scope="col">Stored</th>
            <th scope="col">Rejected</th>
          </tr>
        </thead>
        <tbody>
          {hours.map((hour) => (
            <tr key={hour.hour}>
              <td>{hour.hour.slice(11, 16)}</td>
              <td>{hour.accepted}</td>
              <td>{hour.rejected}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
