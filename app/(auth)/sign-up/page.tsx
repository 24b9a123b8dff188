import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getSessionUser } from "@/lib/auth/session";
import { homePathFor } from "@/lib/auth/roles";
import { signUpAction } from "../actions";
import { AuthForm } from "../auth-form";

export const metadata: Metadata = { title: "Create an account" };

export default async function SignUpPage() {
  const user = await getSessionUser();
  if (user) redirect(homePathFor(user));
  return (
    <div className="mx-auto max-w-sm">
      <h1 className="text-2xl font-semibold tracking-tight">Create your account</h1>
      <p className="mt-1 mb-6 text-sm text-slate-600 dark:text-slate-400">
        Free, and your progress stays on this server. Instructors can add you to a cohort later.
      </p>
      <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900">
        <AuthForm mode="sign-up" action={signUpAction} />
      </div>
    </div>
  );
}
