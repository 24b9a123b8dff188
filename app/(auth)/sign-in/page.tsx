import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getSessionUser } from "@/lib/auth/session";
import { homePathFor } from "@/lib/auth/roles";
import { externalProviderIds, signIn } from "@/lib/auth";
import { signInAction } from "../actions";
import { AuthForm } from "../auth-form";

export const metadata: Metadata = { title: "Sign in" };

const providerNames: Record<string, string> = { github: "GitHub", oidc: process.env.AUTH_OIDC_NAME ?? "Single sign-on" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  const { callbackUrl, error } = await searchParams;
  const user = await getSessionUser();
  if (user) redirect(homePathFor(user));
  const providers = externalProviderIds();
  return (
    <div className="mx-auto max-w-sm">
      <h1 className="text-2xl font-semibold tracking-tight">Sign in</h1>
      <p className="mt-1 mb-6 text-sm text-slate-600 dark:text-slate-400">Pick up where you left off.</p>
      <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900">
        <AuthForm
          mode="sign-in"
          action={signInAction}
          callbackUrl={callbackUrl}
          notice={callbackUrl ? "Sign in to continue to that page." : error ? "That sign-in did not work. Try again." : undefined}
        />
        {providers.length > 0 ? (
          <div className="mt-6 space-y-2 border-t border-slate-200 pt-6 dark:border-slate-800">
            {providers.map((id) => (
              <form
                key={id}
                action={async () => {
                  "use server";
                  await signIn(id, { redirectTo: "/home" });
                }}
              >
                <button type="submit" className="w-full rounded-lg border border-slate-300 px-4 py-2 text-sm font-medium hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800">
                  Continue with {providerNames[id] ?? id}
                </button>
              </form>
            ))}
          </div>
        ) : null}
      </div>
    </div>
  );
}
