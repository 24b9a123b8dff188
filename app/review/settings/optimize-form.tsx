"use client";

import { useActionState } from "react";
import { optimizeParametersAction, type SettingsFormState } from "../actions";

export function OptimizeForm() {
  const [state, action, pending] = useActionState<SettingsFormState, FormData>(optimizeParametersAction, {});
  return (
    <form action={action} className="mt-4 space-y-2">
      <button type="submit" disabled={pending} className="rounded-lg border border-slate-300 px-4 py-2 text-sm font-medium hover:bg-slate-100 disabled:opacity-60 dark:border-slate-700 dark:hover:bg-slate-800">
        {pending ? "Optimizing…" : "Optimize my parameters"}
      </button>
      <div aria-live="polite">
        {state.message ? <p className="text-sm text-emerald-700 dark:text-emerald-300">{state.message}</p> : null}
        {state.error ? <p className="text-sm text-amber-700 dark:text-amber-300">{state.error}</p> : null}
      </div>
    </form>
  );
}
