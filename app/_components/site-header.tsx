import Link from "next/link";
import { signOutAction } from "@/app/(auth)/actions";
import type { SessionUser } from "@/lib/auth/roles";
import { homePathFor } from "@/lib/auth/roles";
import { navigationFor } from "./navigation";
import { ThemeToggle } from "./theme-toggle";
import { RoleBadge } from "./ui";

export function SiteHeader({ user }: { user: SessionUser | null }) {
  const items = navigationFor(user);
  // Instructors and admins have ten or more sections: below 2xl their name gives way (the role badge stays, the
  // name stays for screen readers) so the header keeps to one row on a laptop screen.
  const crowded = items.length > 7;
  return (
    <header className="border-b border-slate-200 bg-white/90 backdrop-blur dark:border-slate-800 dark:bg-slate-900/90">
      <div className={`mx-auto flex max-w-6xl flex-wrap items-center gap-y-2 px-4 py-3 ${crowded ? "gap-x-4" : "gap-x-6"}`}>
        <Link href={user ? homePathFor(user) : "/"} className="flex items-center gap-2 font-semibold">
          <span aria-hidden className="grid h-8 w-8 place-items-center rounded-lg bg-brand-600 text-sm text-white">
            ES
          </span>
          Examstack
        </Link>
        {items.length > 0 ? (
          <nav aria-label="Main" className={`flex flex-wrap text-sm ${crowded ? "gap-0.5" : "gap-1"}`}>
            {items.map((item) => (
              <Link
                key={item.href}
                href={item.href}
                className={`rounded-md py-1.5 text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800 ${crowded ? "px-2" : "px-3"}`}
              >
                {item.label}
              </Link>
            ))}
          </nav>
        ) : null}
        <div className="ml-auto flex items-center gap-3 text-sm">
          <ThemeToggle />
          {user ? (
            <>
              <span className="hidden items-center gap-2 sm:flex" data-testid="signed-in-user">
                <span className={crowded ? "sr-only font-medium 2xl:not-sr-only" : "font-medium"}>{user.name}</span>
                <RoleBadge role={user.role} />
              </span>
              <form action={signOutAction}>
                <button
                  type="submit"
                  className="rounded-md px-3 py-1.5 text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
                >
                  Sign out
                </button>
              </form>
            </>
          ) : (
            <>
              <Link href="/sign-in" className="rounded-md px-3 py-1.5 hover:bg-slate-100 dark:hover:bg-slate-800">
                Sign in
              </Link>
              <Link
                href="/sign-up"
                className="rounded-md bg-brand-600 px-3 py-1.5 font-medium text-white hover:bg-brand-700"
              >
                Create account
              </Link>
            </>
          )}
        </div>
      </div>
    </header>
  );
}
