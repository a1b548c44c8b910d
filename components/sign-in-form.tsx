"use client";

import { useActionState } from "react";
import { signInAction, type SignInState } from "@/app/login/actions";
import { FormAlert } from "./ui/form-alert";
import { SubmitButton } from "./ui/submit-button";

const IDLE: SignInState = { status: "idle" };

const FIELD = "rounded-md border border-slate-300 bg-transparent px-2 py-1.5 text-sm dark:border-slate-700";

export function SignInForm({ returnTo }: { returnTo: string }) {
  const [state, submit, isPending] = useActionState(signInAction, IDLE);
  return (
    <form action={submit} className="flex flex-col gap-3">
      <input type="hidden" name="next" value={returnTo} />
      <label className="flex flex-col gap-1 text-sm">
        <span className="text-slate-600 dark:text-slate-400">User name</span>
        <input
          name="name"
          required
          autoFocus
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          defaultValue={state.status === "error" ? state.name : undefined}
          className={FIELD}
        />
      </label>
      <label className="flex flex-col gap-1 text-sm">
        <span className="text-slate-600 dark:text-slate-400">Password</span>
        <input name="password" type="password" required autoComplete="current-password" className={FIELD} />
      </label>
      <div aria-live="polite" className="min-h-5 text-sm">
        {state.status === "error" ? <FormAlert message={state.message} /> : null}
      </div>
      <SubmitButton isPending={isPending} pendingLabel="Signing in…">
        Sign in
      </SubmitButton>
    </form>
  );
}
