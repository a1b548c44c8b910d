import type { Metadata } from "next";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { signOutEverywhereAction } from "@/app/login/actions";
import { PageTitle } from "@/components/ui/page-title";
import { TimeStamp } from "@/components/ui/time-stamp";
import { currentSessionId, getCurrentUser } from "@/lib/auth/current-user";
import { listActiveSessions } from "@/lib/auth/session-store";

export const metadata: Metadata = { title: "Your sessions" };

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <p className="text-xs uppercase text-slate-500">{label}</p>
      <div>{children}</div>
    </div>
  );
}

// Where the signed-in user sees every browser signed in as them, and can end them all.
export default async function AccountPage() {
  const user = await getCurrentUser();
  if (!user) redirect("/login?next=%2Faccount");
  const [sessions, current] = await Promise.all([listActiveSessions(user), currentSessionId()]);
  return (
    <div className="max-w-4xl">
      <PageTitle title="Your sessions">
        Every browser signed in as <strong>{user}</strong>. Signing out ends a session on the server, so a copied cookie stops working too.
      </PageTitle>
      {/* A list, not a table: it reads the same at 390 px as at 1440. */}
      <ul aria-label="Active sessions" className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
        {sessions.map((session) => (
          <li key={session.id} className="grid gap-x-6 gap-y-1 px-4 py-3 sm:grid-cols-[auto_auto_1fr_auto]">
            <Field label="Signed in">
              <TimeStamp value={session.createdAt} />
              {session.id === current ? <span className="ml-2 whitespace-nowrap rounded bg-emerald-100 px-1.5 py-0.5 text-xs text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100">this browser</span> : null}
            </Field>
            <Field label="From">
              <span className="font-mono text-xs break-all">{session.address}</span>
            </Field>
            <Field label="Browser">
              <span className="text-xs break-words text-slate-600 dark:text-slate-300">{session.userAgent || "(not given)"}</span>
            </Field>
            <Field label="Ends">
              <TimeStamp value={session.expiresAt} />
            </Field>
          </li>
        ))}
      </ul>
      <form action={signOutEverywhereAction} className="mt-4">
        <button type="submit" className="rounded-md bg-red-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-red-800">
          Sign out everywhere
        </button>
      </form>
    </div>
  );
}
