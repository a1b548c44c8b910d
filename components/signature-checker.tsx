"use client";

import { useActionState } from "react";
import { checkSignatureAction, type SignatureCheckState } from "@/app/callbacks/actions";
import { FormAlert } from "./ui/form-alert";
import { SubmitButton } from "./ui/submit-button";

const IDLE: SignatureCheckState = { status: "idle" };
const field = "rounded-md border border-slate-300 bg-transparent px-2 py-1.5 font-mono text-sm dark:border-slate-700";

export function SignatureChecker() {
  const [state, check, isPending] = useActionState(checkSignatureAction, IDLE);
  const input = state.status === "idle" ? { url: "", body: "", authorization: "" } : state.input;
  return (
    <section aria-labelledby="checker-heading" className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <h2 id="checker-heading" className="font-semibold">
        Signature checker
      </h2>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        Paste what the vendor sent. The check uses the configured keys and callback URL; no secret is ever shown.
      </p>
      <form action={check} className="mt-3 grid grid-cols-1 gap-3">
        <label className="grid grid-cols-1 gap-1 text-sm">
          URL the vendor posted to
          <input name="url" required defaultValue={input.url} className={field} placeholder="https://ops.example.com/api/fmgr/callback?env=prod" />
        </label>
        <label className="grid grid-cols-1 gap-1 text-sm">
          Authorization header
          <input name="authorization" defaultValue={input.authorization} className={field} placeholder="AccessKey:Signature" autoComplete="off" />
        </label>
        <label className="grid grid-cols-1 gap-1 text-sm">
          Body, exactly as received
          <textarea name="body" rows={4} defaultValue={input.body} className={field} />
        </label>
        <div>
          <SubmitButton isPending={isPending} pendingLabel="Checking…">
            Check signature
          </SubmitButton>
        </div>
      </form>
      <div aria-live="polite" className="mt-3 text-sm">
        {state.status === "error" ? (
          <FormAlert message={state.message} />
        ) : null}
        {state.status === "checked" ? <CheckResult result={state.result} /> : null}
      </div>
    </section>
  );
}

function CheckResult({ result }: { result: Extract<SignatureCheckState, { status: "checked" }>["result"] }) {
  const { verdict, body } = result;
  return (
    <div className="space-y-2" data-testid="signature-result">
      {verdict.ok ? (
        <p className="font-medium text-emerald-800 dark:text-emerald-300">
          Valid: signed with {verdict.accessKey}, matching {verdict.candidate}.
        </p>
      ) : (
        <p className="font-medium text-red-800 dark:text-red-300">
          Not valid ({verdict.reason}): {verdict.message}
        </p>
      )}
      <p>{body.ok ? `The body decodes to task ${body.persistentId} with ${body.itemCount} item(s).` : `The body does not decode: ${body.message}`}</p>
      <details>
        <summary className="cursor-pointer text-slate-600 dark:text-slate-400">URLs tried, and the configured AccessKeys</summary>
        <ul className="mt-1 list-disc pl-5 font-mono text-xs">
          {result.urlsTried.map((url) => (
            <li key={url} className="break-all">
              {url}
            </li>
          ))}
        </ul>
        <p className="mt-1 text-xs">AccessKeys: {result.configuredAccessKeys.join(", ") || "none configured (FMGR_CALLBACK_KEYS)"}</p>
      </details>
    </div>
  );
}
