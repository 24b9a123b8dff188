import type { Metadata } from "next";
import { cookies } from "next/headers";
import type { ReactNode } from "react";
import { getSessionUser } from "@/lib/auth/session";
import { SiteHeader } from "./_components/site-header";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Examstack", template: "%s · Examstack" },
  description: "Prepare for the OpenStack administrator exam: notes, question banks, mock exams, hands-on labs in a simulated cloud, and spaced repetition.",
};

// Before paint: follow the system theme unless the visitor chose one (the cookie), so there is no flash.
const themeScript = `(()=>{try{var m=document.cookie.match(/(?:^|; )theme=(light|dark)/);var d=m?m[1]==='dark':matchMedia('(prefers-color-scheme: dark)').matches;document.documentElement.classList.toggle('dark',d)}catch(e){}})()`;

export default async function RootLayout({ children }: { children: ReactNode }) {
  const [user, cookieStore] = await Promise.all([getSessionUser(), cookies()]);
  const theme = cookieStore.get("theme")?.value;
  return (
    <html lang="en" className={theme === "dark" ? "dark" : undefined} suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body className="min-h-screen">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:rounded focus:bg-white focus:px-3 focus:py-2">
          Skip to content
        </a>
        <SiteHeader user={user} />
        <main id="main" className="mx-auto max-w-6xl px-4 py-8">
          {children}
        </main>
      </body>
    </html>
  );
}
