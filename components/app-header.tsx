import Link from "next/link";
import { NavLink } from "./nav-link";

const NAVIGATION = [
  { href: "/", label: "Overview" },
  { href: "/tasks", label: "Tasks" },
  { href: "/callbacks", label: "Rejected callbacks" },
] as const;

export function AppHeader() {
  return (
    <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
        <Link href="/" className="text-base font-semibold tracking-tight">
          Fmgr Monitor
        </Link>
        <nav aria-label="Main" className="flex gap-1">
          {NAVIGATION.map((item) => (
            <NavLink key={item.href} {...item} />
          ))}
        </nav>
      </div>
    </header>
  );
}
