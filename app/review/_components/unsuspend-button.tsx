"use client";

import { useState, useTransition } from "react";
import { unsuspendCardAction } from "../actions";

export function UnsuspendButton({ cardId }: { cardId: string }) {
  const [pending, startTransition] = useTransition();
  const [done, setDone] = useState(false);
  if (done) return <span className="text-xs text-emerald-700 dark:text-emerald-300">Unsuspended</span>;
  return (
    <button
      type="button"
      disabled={pending}
      onClick={() => startTransition(async () => setDone((await unsuspendCardAction({ cardId })).ok))}
      className="rounded border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100 disabled:opacity-60 dark:border-slate-700 dark:hover:bg-slate-800"
    >
      Unsuspend
    </button>
  );
}
