"use client";

import Link from "next/link";
import { useActionState } from "react";
import type { AuthFormState } from "./actions";

type Action = (state: AuthFormState, formData: FormData) => Promise<AuthFormState>;

function Field({
  label,
  name,
  type,
  autoComplete,
  defaultValue,
  error,
  hint,
}: {
  label: string;
  name: string;
  type: string;
  autoComplete: string;
  defaultValue?: string;
  error?: string;
  hint?: string;
}) {
  const describedBy = [error ? `${name}-error` : null, hint ? `${name}-hint` : null].filter(Boolean).join(" ");
  return (
    <div>
      <label htmlFor={name} className="block text-sm font-medium">
        {label}
      </label>
      <input
        id={name}
        name={name}
        type={type}
        autoComplete={autoComplete}
        defaultValue={defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        className="mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm aria-invalid:border-rose-500 dark:border-slate-700 dark:bg-slate-950"
      />
      {hint ? (
        <p id={`${name}-hint`} className="mt-1 text-xs text-slate-500 dark:text-slate-400">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${name}-error`} role="alert" className="mt-1 text-sm text-rose-600 dark:text-rose-400">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function AuthForm({ mode, action, callbackUrl, notice }: { mode: "sign-in" | "sign-up"; action: Action; callbackUrl?: string; notice?: string }) {
  const [state, formAction, pending] = useActionState(action, {});
  const signUp = mode === "sign-up";
  return (
    <form action={formAction} className="space-y-4" noValidate>
      {notice && !state.error ? (
        <p className="rounded-lg bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-900/30 dark:text-amber-100">{notice}</p>
      ) : null}
      {state.error ? (
        <p role="alert" className="rounded-lg bg-rose-50 p-3 text-sm text-rose-800 dark:bg-rose-900/30 dark:text-rose-200">
          {state.error}
        </p>
      ) : null}
      {callbackUrl ? <input type="hidden" name="callbackUrl" value={callbackUrl} /> : null}
      {signUp ? (
        <Field label="Name" name="name" type="text" autoComplete="name" defaultValue={state.values?.name} error={state.fieldErrors?.name} />
      ) : null}
      <Field label="Email" name="email" type="email" autoComplete="email" defaultValue={state.values?.email} error={state.fieldErrors?.email} />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete={signUp ? "new-password" : "current-password"}
        error={state.fieldErrors?.password}
        hint={signUp ? "At least 10 characters. A passphrase of a few words is easy to remember and hard to guess." : undefined}
      />
      <button
        type="submit"
        disabled={pending}
        className="w-full rounded-lg bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60"
      >
        {pending ? (signUp ? "Creating your account…" : "Signing in…") : signUp ? "Create account" : "Sign in"}
      </button>
      <p className="text-center text-sm text-slate-600 dark:text-slate-400">
        {signUp ? (
          <>
            Already have an account? <Link href="/sign-in" className="font-medium text-brand-600 hover:underline">Sign in</Link>
          </>
        ) : (
          <>
            New here? <Link href="/sign-up" className="font-medium text-brand-600 hover:underline">Create an account</Link>
          </>
        )}
      </p>
    </form>
  );
}
