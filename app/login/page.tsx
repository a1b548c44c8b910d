import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/sign-in-form";
import { safeReturnPath } from "@/lib/auth/access-policy";
import { getCurrentUser } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "Sign in" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function LoginPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const returnTo = safeReturnPath(typeof params.next === "string" ? params.next : undefined);
  if (await getCurrentUser()) redirect(returnTo);
  return (
    <div className="mx-auto mt-12 max-w-sm rounded-lg border border-slate-200 bg-white p-6 dark:border-slate-800 dark:bg-slate-900">
      <h1 className="mb-1 text-lg font-semibold">Sign in</h1>
      <p className="mb-4 text-sm text-slate-600 dark:text-slate-400">
        {params.signedOut === "1"
          ? "You have signed out."
          : params.signedOut === "all"
            ? "You have signed out everywhere: every session of yours has ended."
            : "Staff only: sign in to watch the Fmgr tasks."}
      </p>
      <SignInForm returnTo={returnTo} />
    </div>
  );
}
