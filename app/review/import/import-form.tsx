"use client";

import { useState, useTransition } from "react";
import { importDeckAction, type ImportFormState } from "../actions";

const MAX_BYTES = 2_000_000;

export function ImportForm() {
  const [state, setState] = useState<ImportFormState>({});
  const [pending, startTransition] = useTransition();

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const file = form.get("file");
    const title = String(form.get("title") ?? "");
    if (!(file instanceof File) || file.size === 0) return setState({ error: "Choose a file first." });
    if (file.size > MAX_BYTES) return setState({ error: "That file is over 2 MB; split it into smaller ones." });
    startTransition(async () => {
      try {
        setState(await importDeckAction({ title: title || file.name.replace(/\.[^.]+$/, ""), text: await file.text() }));
      } catch {
        setState({ error: "The server could not be reached; nothing was imported." });
      }
    });
  }

  return (
    <form onSubmit={submit} className="space-y-3">
      <div>
        <label htmlFor="import-title" className="block text-sm font-medium">Deck name</label>
        <input id="import-title" name="title" maxLength={120} placeholder="Taken from the file name if empty" className="mt-1 w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm dark:border-slate-700 dark:bg-slate-950" />
      </div>
      <div>
        <label htmlFor="import-file" className="block text-sm font-medium">File (.txt or .tsv)</label>
        <input id="import-file" name="file" type="file" accept=".txt,.tsv,.csv,text/plain,text/tab-separated-values" className="mt-1 block w-full text-sm" />
      </div>
      <button type="submit" disabled={pending} className="rounded-lg bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60 dark:bg-brand-500">
        {pending ? "Importing…" : "Import"}
      </button>
      <div aria-live="polite" className="text-sm">
        {state.message ? <p className="text-emerald-700 dark:text-emerald-300">{state.message}</p> : null}
        {state.error ? <p role="alert" className="text-rose-600 dark:text-rose-400">{state.error}</p> : null}
        {state.problems?.length ? (
          <details className="mt-2">
            <summary>{state.problems.length} line{state.problems.length === 1 ? "" : "s"} skipped</summary>
            <ul className="mt-1 list-disc pl-5">
              {state.problems.map((problem) => <li key={`${problem.line}-${problem.message}`}>Line {problem.line}: {problem.message}</li>)}
            </ul>
          </details>
        ) : null}
      </div>
    </form>
  );
}
