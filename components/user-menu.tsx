import Link from "next/link";
import { signOutAction } from "@/app/login/actions";

export function UserMenu({ user }: { user: string }) {
  return (
    <div className="ml-auto flex items-center gap-3 text-sm">
      <span className="text-slate-600 dark:text-slate-300">
        Signed in as{" "}
        <Link href="/account" prefetch={false} className="underline-offset-2 hover:underline" title="Your sessions">
          <strong className="font-medium text-slate-900 dark:text-white" data-testid="current-user">{user}</strong>
        </Link>
      </span>
      <form action={signOutAction}>
        <button type="submit" className="rounded-md px-2 py-1 font-medium text-slate-600 hover:bg-slate-200 hover:text-slate-900 dark:text-slate-300 dark:hover:bg-slate-800 dark:hover:text-white">
          Sign out
        </button>
      </form>
    </div>
  );
}
