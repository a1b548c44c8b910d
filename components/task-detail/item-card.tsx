import { OPERATION_LABELS } from "@/lib/fmgr/cmd";
import { formatBytes, formatExactBytes, safeHttpUrl } from "@/lib/format";
import type { TaskDetail } from "@/lib/tasks/queries/get-task-detail";
import { CodeBadge } from "@/components/ui/code-badge";
import { CopyButton } from "@/components/ui/copy-button";
import { DecompressList } from "./decompress-list";

type Item = TaskDetail["items"][number];

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-slate-500 dark:text-slate-400">{label}</dt>
      <dd className="break-all font-mono text-sm">{children}</dd>
    </div>
  );
}

const ref = (value: { bucket: string; key: string | null }) => (value.key === null ? value.bucket : `${value.bucket}:${value.key}`);

export function ItemCard({ item }: { item: Item }) {
  const { decoded } = item;
  const link = safeHttpUrl(item.url);
  const size = formatBytes(item.fsize);
  return (
    <li className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900" aria-label={`Item ${item.index + 1}`}>
      <div className="flex flex-wrap items-center gap-2">
        <span className="text-sm font-semibold">#{item.index + 1}</span>
        <span className="text-sm">{OPERATION_LABELS[decoded.op]}</span>
        <CodeBadge code={item.code} label={item.codeLabel} codeClass={item.codeClass} />
      </div>
      {item.error ? (
        <p className="mt-2 rounded-md bg-red-50 px-3 py-2 text-sm text-red-900 dark:bg-red-950 dark:text-red-100">
          <span className="font-semibold">Error: </span>
          {item.error}
        </p>
      ) : null}
      <dl className="mt-3 grid gap-x-6 gap-y-2 sm:grid-cols-2">
        {decoded.sourceUrl ? <Field label="Source URL">{decoded.sourceUrl}</Field> : null}
        {decoded.source ? <Field label="Source">{ref(decoded.source)}</Field> : null}
        {decoded.bucket ? <Field label="Bucket">{decoded.bucket}</Field> : null}
        {decoded.prefix ? <Field label="Prefix">{decoded.prefix}</Field> : null}
        {decoded.keys.length > 0 ? <Field label="Keys">{decoded.keys.join(", ")}</Field> : null}
        {decoded.target ? <Field label={decoded.op === "compress" ? "Saved as" : "Output"}>{ref(decoded.target)}</Field> : null}
        {item.key ? <Field label="Key">{item.key}</Field> : null}
        {item.hash ? (
          <Field label="Hash">
            <span className="mr-2">{item.hash}</span>
            <CopyButton value={item.hash} label={`Copy the hash of item ${item.index + 1}`} />
          </Field>
        ) : null}
        {size && item.fsize ? (
          <Field label="Size">
            <span title={formatExactBytes(item.fsize)}>{size}</span>
          </Field>
        ) : null}
        {item.url ? (
          <Field label="URL">
            {link ? (
              <a href={link} target="_blank" rel="noopener noreferrer" className="text-sky-700 underline dark:text-sky-300">
                {item.url}
              </a>
            ) : (
              <span>{item.url}</span>
            )}
          </Field>
        ) : null}
        {Object.entries(decoded.options).map(([name, value]) => (
          <Field key={name} label={name}>
            {value}
          </Field>
        ))}
        {item.desc ? <Field label="Description">{item.desc}</Field> : null}
      </dl>
      {decoded.op === "unknown" ? (
        <p className="mt-2 break-all font-mono text-xs text-slate-500">cmd (not decodable): {item.cmd}</p>
      ) : (
        <details className="mt-2">
          <summary className="cursor-pointer text-xs text-slate-500">cmd</summary>
          <p className="break-all font-mono text-xs">{item.cmd}</p>
        </details>
      )}
      {item.decompresslist ? <DecompressList raw={item.decompresslist} /> : null}
    </li>
  );
}
