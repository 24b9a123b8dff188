"use client";

import { useActionState } from "react";
import { changeRoleAction } from "./actions";

export function RoleForm({ userId, email, role, disabled }: { userId: string; email: string; role: string; disabled: boolean }) {
  const [state, action, pending] = useActionState(changeRoleAction, {});
  return (
    <form action={action} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="userId" value={userId} />
      <label className="sr-only" htmlFor={`role-${userId}`}>
        Role of {email}
      </label>
      <select
        id={`role-${userId}`}
        name="role"
        defaultValue={role}
        disabled={disabled || pending}
        className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-950"
      >
        <option value="learner">learner</option>
        <option value="instructor">instructor</option>
        <option value="admin">admin</option>
      </select>
      <button
        type="submit"
        disabled={disabled || pending}
        className="rounded-md border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100 disabled:opacity-50 dark:border-slate-700 dark:hover:bg-slate-800"
      >
        Save
      </button>
      <span aria-live="polite" className={`text-xs ${state.error ? "text-rose-600" : "text-emerald-700 dark:text-emerald-400"}`}>
        {state.error ?? state.message}
      </span>
    </form>
  );
}
