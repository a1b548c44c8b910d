import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { signOutEverywhereAction } from "@/app/login/actions";
import { PageTitle } from "@/components/ui/page-title";
import { TimeStamp } from "@/components/ui/time-stamp";
import { currentSessionId, getCurrentUser } from "@/lib/auth/current-user";
import { listActiveSessions } from "@/lib/auth/session-store";

export const metadata: Metadata = { title: "Your sessions" };

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
      <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Active sessions</caption>
          <thead className="bg-slate-50 text-xs uppercase text-slate-500 dark:bg-slate-900">
            <tr>
              <th scope="col" className="px-3 py-2">Signed in</th>
              <th scope="col" className="px-3 py-2">From</th>
              <th scope="col" className="px-3 py-2">Browser</th>
              <th scope="col" className="px-3 py-2">Ends</th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((session) => (
              <tr key={session.id} className="border-t border-slate-200 dark:border-slate-800">
                <td className="px-3 py-2">
                  <TimeStamp value={session.createdAt} />
                  {session.id === current ? <span className="ml-2 whitespace-nowrap rounded bg-emerald-100 px-1.5 py-0.5 text-xs text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100">this browser</span> : null}
                </td>
                <td className="px-3 py-2 font-mono text-xs whitespace-nowrap">{session.address}</td>
                <td className="px-3 py-2 text-xs break-words text-slate-600 dark:text-slate-300">{session.userAgent || "(not given)"}</td>
                <td className="px-3 py-2">
                  <TimeStamp value={session.expiresAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form action={signOutEverywhereAction} className="mt-4">
        <button type="submit" className="rounded-md bg-red-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-red-800">
          Sign out everywhere
        </button>
      </form>
    </div>
  );
}
