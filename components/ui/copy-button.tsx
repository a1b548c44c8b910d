"use client";

import { useState } from "react";

// The Clipboard API exists only on secure origins (https, localhost); a dashboard on a
// plain-http intranet address copies through a selected, hidden text area instead.
async function copyText(value: string): Promise<boolean> {
  if (window.isSecureContext && navigator.clipboard) {
    try {
      await navigator.clipboard.writeText(value);
      return true;
    } catch {
      // denied: try the old way
    }
  }
  const area = document.createElement("textarea");
  area.value = value;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.append(area);
  area.select();
  try {
    return document.execCommand("copy");
  } catch {
    return false;
  } finally {
    area.remove();
  }
}

export function CopyButton({ value, label }: { value: string; label: string }) {
  const [status, setStatus] = useState<"idle" | "copied" | "failed">("idle");
  const onCopy = async () => {
    setStatus((await copyText(value)) ? "copied" : "failed");
    setTimeout(() => setStatus("idle"), 1500);
  };
  return (
    <button
      type="button"
      onClick={() => void onCopy()}
      aria-label={label}
      className="shrink-0 rounded border border-slate-300 px-1.5 py-0.5 text-xs text-slate-600 hover:bg-slate-100 dark:border-slate-700 dark:text-slate-300 dark:hover:bg-slate-800"
    >
      <span aria-live="polite">{status === "copied" ? "Copied" : status === "failed" ? "Select and copy by hand" : "Copy"}</span>
    </button>
  );
}
