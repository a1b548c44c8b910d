// "Export CSV · JSON" for a list: plain links to a streamed download, so a browser saves
// the file itself however large it is.
export function ExportLinks({ path, search, label }: { path: string; search: URLSearchParams; label: string }) {
  const href = (format: "csv" | "json") => {
    const params = new URLSearchParams(search);
    params.set("format", format);
    return `${path}?${params.toString()}`;
  };
  return (
    <p className="text-sm text-slate-600 dark:text-slate-400">
      {label}{" "}
      <a href={href("csv")} download className="font-medium underline">
        CSV
      </a>{" "}
      ·{" "}
      <a href={href("json")} download className="font-medium underline">
        JSON
      </a>
    </p>
  );
}
