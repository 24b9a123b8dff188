"use client";

import { useActionState, type ReactNode } from "react";
import type { CohortActionState } from "../actions";

/** A form bound to one cohort action, with its outcome announced beside the button. */
export function ActionForm({
  action,
  children,
  submit,
  className = "flex flex-wrap items-end gap-2",
  variant = "primary",
}: {
  action: (previous: CohortActionState, form: FormData) => Promise<CohortActionState>;
  children?: ReactNode;
  submit: string;
  className?: string;
  variant?: "primary" | "secondary";
}) {
  const [state, formAction, pending] = useActionState(action, {});
  const style =
    variant === "primary"
      ? "bg-brand-600 text-white hover:bg-brand-700 dark:bg-brand-500 dark:hover:bg-brand-600"
      : "border border-slate-300 bg-white text-slate-800 hover:bg-slate-100 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800";
  return (
    <form action={formAction} className={className}>
      {children}
      <button type="submit" disabled={pending} className={`rounded-lg px-3 py-1.5 text-sm font-medium disabled:opacity-60 ${style}`}>
        {submit}
      </button>
      <span role="status" aria-live="polite" className={`text-sm ${state.error ? "text-rose-600 dark:text-rose-400" : "text-emerald-700 dark:text-emerald-400"}`}>
        {state.error ?? state.message}
      </span>
    </form>
  );
}
