"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const tabs = [
  { href: "/review", label: "Today" },
  { href: "/review/decks", label: "Decks" },
  { href: "/review/custom", label: "Custom study" },
  { href: "/review/stats", label: "Statistics" },
  { href: "/review/settings", label: "Settings" },
  { href: "/review/import", label: "Import & export" },
];

/** The review section's own navigation; hidden on the review screen itself, which needs the room. */
export function ReviewTabs() {
  const pathname = usePathname();
  if (pathname.startsWith("/review/study")) return null;
  return (
    <nav aria-label="Review" className="-mx-4 mb-6 overflow-x-auto px-4">
      <ul className="flex gap-1 border-b border-slate-200 text-sm dark:border-slate-800">
        {tabs.map((tab) => {
          const current = tab.href === "/review" ? pathname === "/review" : pathname.startsWith(tab.href);
          return (
            <li key={tab.href}>
              <Link
                href={tab.href}
                aria-current={current ? "page" : undefined}
                className={`block whitespace-nowrap border-b-2 px-3 py-2 ${current ? "border-brand-600 font-medium text-brand-700 dark:border-brand-500 dark:text-brand-100" : "border-transparent text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-slate-100"}`}
              >
                {tab.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
