"use client";

import { useActionState, useRef } from "react";
import type { SrsSettings } from "@/lib/srs";
import { saveSettingsAction, type SettingsFormState } from "../actions";

const input = "mt-1 w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm dark:border-slate-700 dark:bg-slate-950";
const hint = "mt-1 text-xs text-slate-500 dark:text-slate-400";

function Field({ id, label, help, children }: { id: string; label: string; help?: string; children: React.ReactNode }) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium">{label}</label>
      {children}
      {help ? <p id={`${id}-help`} className={hint}>{help}</p> : null}
    </div>
  );
}

export function SettingsForm({ settings, zones }: { settings: SrsSettings; zones: string[] }) {
  const [state, action, pending] = useActionState<SettingsFormState, FormData>(saveSettingsAction, {});
  const zone = useRef<HTMLSelectElement>(null);
  return (
    <form action={action} className="space-y-6 rounded-xl border border-slate-200 bg-white p-5 shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <fieldset className="grid gap-4 sm:grid-cols-2">
        <legend className="mb-2 text-base font-semibold">Daily limits</legend>
        <Field id="newPerDay" label="New cards a day" help="Anki's rule of thumb: 20 new a day leads to about 200 reviews a day later.">
          <input id="newPerDay" name="newPerDay" type="number" min={0} max={9999} defaultValue={settings.newPerDay} className={input} aria-describedby="newPerDay-help" />
        </Field>
        <Field id="reviewsPerDay" label="Maximum reviews a day">
          <input id="reviewsPerDay" name="reviewsPerDay" type="number" min={0} max={9999} defaultValue={settings.reviewsPerDay} className={input} />
        </Field>
      </fieldset>

      <fieldset className="grid gap-4 sm:grid-cols-2">
        <legend className="mb-2 text-base font-semibold">Scheduling</legend>
        <Field id="desiredRetention" label="Desired retention" help="The chance of remembering a card when it comes back. 0.9 is the default and a good choice; above 0.95 the workload grows steeply.">
          <input id="desiredRetention" name="desiredRetention" type="number" min={0.7} max={0.97} step={0.01} defaultValue={settings.desiredRetention} className={input} aria-describedby="desiredRetention-help" />
        </Field>
        <Field id="maximumIntervalDays" label="Maximum interval (days)">
          <input id="maximumIntervalDays" name="maximumIntervalDays" type="number" min={1} max={36500} defaultValue={settings.maximumIntervalDays} className={input} />
        </Field>
        <Field id="learningSteps" label="Learning steps" help="Space-separated, like 1m 10m.">
          <input id="learningSteps" name="learningSteps" defaultValue={settings.learningSteps.join(" ")} className={input} aria-describedby="learningSteps-help" />
        </Field>
        <Field id="relearningSteps" label="Relearning steps" help="After you forget a card, like 10m.">
          <input id="relearningSteps" name="relearningSteps" defaultValue={settings.relearningSteps.join(" ")} className={input} aria-describedby="relearningSteps-help" />
        </Field>
        <Field id="leechThreshold" label="Leech after this many lapses">
          <input id="leechThreshold" name="leechThreshold" type="number" min={1} max={99} defaultValue={settings.leechThreshold} className={input} />
        </Field>
        <div className="space-y-2 self-end text-sm">
          <label className="flex items-center gap-2"><input type="checkbox" name="enableFuzz" defaultChecked={settings.enableFuzz} /> Spread intervals a little (fuzz)</label>
          <label className="flex items-center gap-2"><input type="checkbox" name="burySiblings" defaultChecked={settings.burySiblings} /> Bury siblings until tomorrow</label>
        </div>
      </fieldset>

      <fieldset className="grid gap-4 sm:grid-cols-2">
        <legend className="mb-2 text-base font-semibold">Your day</legend>
        <Field id="timeZone" label="Time zone">
          <select id="timeZone" name="timeZone" ref={zone} defaultValue={settings.timeZone} className={input}>
            {zones.map((name) => <option key={name} value={name}>{name}</option>)}
          </select>
          <button
            type="button"
            className="mt-1 text-xs text-brand-600 hover:underline dark:text-brand-400"
            onClick={() => {
              const mine = Intl.DateTimeFormat().resolvedOptions().timeZone;
              if (zone.current && zones.includes(mine)) zone.current.value = mine;
            }}
          >
            Use this device's time zone
          </button>
        </Field>
        <Field id="dayStartHour" label="Next day starts at (hour)" help="Like Anki's 4 a.m.: a late-night session still counts as the same day.">
          <input id="dayStartHour" name="dayStartHour" type="number" min={0} max={23} defaultValue={settings.dayStartHour} className={input} aria-describedby="dayStartHour-help" />
        </Field>
      </fieldset>

      <fieldset id="exam" className="grid gap-4 sm:grid-cols-2">
        <legend className="mb-2 text-base font-semibold">Exam date</legend>
        <Field id="examDate" label="Date of your exam" help="Leave empty if you have not booked it.">
          <input id="examDate" name="examDate" type="date" defaultValue={settings.examDate ?? ""} className={input} aria-describedby="examDate-help" />
        </Field>
        <label className="flex items-start gap-2 self-end text-sm">
          <input type="checkbox" name="paceToExam" defaultChecked={settings.paceToExam} className="mt-1" />
          <span>Raise my new-card limit to what the exam date needs</span>
        </label>
      </fieldset>

      <div className="flex flex-wrap items-center gap-4">
        <button type="submit" disabled={pending} className="rounded-lg bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60 dark:bg-brand-500">
          {pending ? "Saving…" : "Save settings"}
        </button>
        <div aria-live="polite" className="text-sm">
          {state.message ? <p className="text-emerald-700 dark:text-emerald-300">{state.message}</p> : null}
          {state.error ? <p role="alert" className="text-rose-600 dark:text-rose-400">{state.error}</p> : null}
        </div>
      </div>
    </form>
  );
}
