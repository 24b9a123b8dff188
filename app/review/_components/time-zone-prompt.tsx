"use client";

import { useEffect, useState, useTransition } from "react";
import { adoptDeviceTimeZoneAction } from "../actions";

/**
 * Shown until the learner saves settings: days end in their time zone only if the server knows it, and the
 * browser does. One tap adopts it; the settings page can change it later.
 */
export function TimeZonePrompt({ current, dayStartHour }: { current: string; dayStartHour: number }) {
  const [device, setDevice] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [pending, startTransition] = useTransition();
  useEffect(() => setDevice(Intl.DateTimeFormat().resolvedOptions().timeZone), []);
  if (!device || device === current || done) return null;
  const hour = `${String(dayStartHour).padStart(2, "0")}:00`;
  return (
    <div role="region" aria-label="Time zone" className="mb-6 flex flex-wrap items-center justify-between gap-3 rounded-lg border border-brand-100 bg-brand-50 px-4 py-3 text-sm dark:border-slate-700 dark:bg-slate-900">
      <p>Your review days end at {hour} {current}. This device is in {device}.</p>
      <button
        type="button"
        disabled={pending}
        onClick={() => startTransition(async () => setDone((await adoptDeviceTimeZoneAction({ timeZone: device })).ok))}
        className="rounded-lg bg-brand-600 px-3 py-1.5 font-medium text-white hover:bg-brand-700 disabled:opacity-60 dark:bg-brand-500"
      >
        Use {device}
      </button>
    </div>
  );
}
