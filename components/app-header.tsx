import Link from "next/link";
import { DisplayPreferences } from "./display-preferences";
import { HeaderSearch } from "./header-search";
import { NavLink } from "./nav-link";
import { UserMenu } from "./user-menu";

const NAVIGATION = [
  { href: "/", label: "Overview" },
  { href: "/tasks", label: "Tasks" },
  { href: "/callbacks", label: "Rejected callbacks" },
  { href: "/audit", label: "Audit" },
] as const;

// Signed out (the sign-in page) it shows the name only: the sections would just send a
// visitor back to sign in.
export function AppHeader({ user }: { user: string | undefined }) {
  return (
    <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
        <Link href="/" className="text-base font-semibold tracking-tight">
          Fmgr Monitor
        </Link>
        {user ? (
          <>
            <nav aria-label="Main" className="flex flex-wrap gap-1">
              {NAVIGATION.map((item) => (
                <NavLink key={item.href} {...item} />
              ))}
            </nav>
            <HeaderSearch />
            <DisplayPreferences />
            <UserMenu user={user} />
          </>
        ) : null}
      </div>
    </header>
  );
}
