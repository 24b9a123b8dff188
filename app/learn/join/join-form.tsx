"use client";

import { useActionState } from "react";
import { joinCohortAction } from "./actions";

export function JoinForm({ code }: { code?: string }) {
  const [state, action, pending] = useActionState(joinCohortAction, {});
  return (
    <form action={action} className="flex flex-wrap items-end gap-2">
      <label className="grid gap-1 text-sm">
        Join code
        <input name="code" required defaultValue={code} autoComplete="off" className="rounded-md border border-slate-300 bg-white px-2 py-1.5 font-mono uppercase tracking-widest dark:border-slate-700 dark:bg-slate-950" />
      </label>
      <button type="submit" disabled={pending} className="rounded-lg bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60">
        Join cohort
      </button>
      <p role="status" aria-live="polite" className={`w-full text-sm ${state.error ? "text-rose-600 dark:text-rose-400" : "text-emerald-700 dark:text-emerald-400"}`}>
        {state.error ?? state.message}
      </p>
    </form>
  );
}
