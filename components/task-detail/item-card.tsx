import { OPERATION_LABELS } from "@/lib/fmgr/cmd";
import { formatBytes, formatCount, formatExactBytes, safeHttpUrl } from "@/lib/format";
import type { TaskItem } from "@/lib/tasks/queries/get-task-detail";
import { CodeBadge } from "@/components/ui/code-badge";
import { CopyButton } from "@/components/ui/copy-button";
import { DecompressList } from "./decompress-list";

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-slate-500 dark:text-slate-400">{label}</dt>
      <dd className="break-all font-mono text-sm">{children}</dd>
    </div>
  );
}

function Cut({ characters }: { characters: number }) {
  return characters > 0 ? <span className="text-slate-500"> … {formatCount(characters)} more characters in the item export</span> : null;
}

const ref = (value: { bucket: string; key: string | null }) => (value.key === null ? value.bucket : `${value.bucket}:${value.key}`);

// One line per item (number, operation, code, key, error) so a page of failures reads at
// a glance; the rest of the item opens below it.
export function ItemCard({ item, persistentId }: { item: TaskItem; persistentId: string }) {
  const { decoded } = item;
  const link = safeHttpUrl(item.url);
  const size = formatBytes(item.fsize);
  const number = formatCount(item.index + 1);
  return (
    <li className="min-w-0 border-b border-slate-100 px-3 py-2 last:border-0 dark:border-slate-800" aria-label={`Item ${number}`}>
      <div className="flex min-w-0 flex-wrap items-center gap-x-2 gap-y-1">
        <span className="text-sm font-semibold tabular-nums">#{number}</span>
        <span className="text-sm">{OPERATION_LABELS[decoded.op]}</span>
        <CodeBadge code={item.code} label={item.codeLabel} codeClass={item.codeClass} />
        {item.key ? <span className="min-w-0 break-all font-mono text-sm">{item.key}</span> : null}
      </div>
      {item.error ? (
        <p className="mt-1 break-words rounded-md bg-red-50 px-2 py-1 text-sm text-red-900 [overflow-wrap:anywhere] dark:bg-red-950 dark:text-red-100">
          <span className="font-semibold">Error: </span>
          {item.error}
          <Cut characters={item.cut.error} />
        </p>
      ) : null}
      <details className="mt-1">
        <summary className="cursor-pointer text-xs text-slate-500">Details</summary>
        <dl className="mt-2 grid grid-cols-1 gap-x-6 gap-y-2 sm:grid-cols-2">
          {decoded.sourceUrl ? <Field label="Source URL">{decoded.sourceUrl}</Field> : null}
          {decoded.source ? <Field label="Source">{ref(decoded.source)}</Field> : null}
          {decoded.bucket ? <Field label="Bucket">{decoded.bucket}</Field> : null}
          {decoded.prefix ? <Field label="Prefix">{decoded.prefix}</Field> : null}
          {decoded.keys.length > 0 ? (
            <Field label="Keys">
              {decoded.keys.join(", ")}
              {item.cut.keys > 0 ? <span className="text-slate-500"> … and {formatCount(item.cut.keys)} more in the item export</span> : null}
            </Field>
          ) : null}
          {decoded.target ? <Field label={decoded.op === "compress" ? "Saved as" : "Output"}>{ref(decoded.target)}</Field> : null}
          {item.hash ? (
            <Field label="Hash">
              <span className="mr-2">{item.hash}</span>
              <CopyButton value={item.hash} label={`Copy the hash of item ${number}`} />
            </Field>
          ) : null}
          {size && item.fsize ? (
            <Field label="Size">
              {size} <span className="text-slate-500">({formatExactBytes(item.fsize)})</span>
            </Field>
          ) : null}
          {item.url ? (
            <Field label="URL">
              {link && item.cut.url === 0 ? (
                <a href={link} target="_blank" rel="noopener noreferrer" className="text-sky-700 underline dark:text-sky-300">
                  {item.url}
                </a>
              ) : (
                <span>{item.url}</span>
              )}
              <Cut characters={item.cut.url} />
            </Field>
          ) : null}
          {Object.entries(decoded.options).map(([name, value]) => (
            <Field key={name} label={name}>
              {value}
            </Field>
          ))}
          {item.desc ? (
            <Field label="Description">
              {item.desc}
              <Cut characters={item.cut.desc} />
            </Field>
          ) : null}
          <Field label={decoded.op === "unknown" ? "cmd (not decodable)" : "cmd"}>
            {item.cmd}
            <Cut characters={item.cut.cmd} />
          </Field>
        </dl>
      </details>
      {item.decompress ? <DecompressList persistentId={persistentId} itemId={item.id} first={item.decompress} /> : null}
    </li>
  );
}
