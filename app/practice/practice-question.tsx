"use client";

import Link from "next/link";
import { useEffect, useRef, useState, useTransition } from "react";
import { AddToFlashcards } from "../review/_components/add-to-flashcards";
import { answerPracticeQuestion, type PracticeFeedbackView } from "./actions";

export type PracticeView =
  | { kind: "single" | "multiple"; stemHtml: string; options: { key: string; html: string }[] }
  | { kind: "truefalse" | "short" | "command"; stemHtml: string }
  | { kind: "ordering"; stemHtml: string; items: { position: number; html: string }[] };

const html = (value: string) => ({ __html: value });

export function PracticeQuestion({ versionId, view, nextHref }: { versionId: string; view: PracticeView; nextHref: string }) {
  const [choice, setChoice] = useState<string | null>(null);
  const [choices, setChoices] = useState<string[]>([]);
  const [truth, setTruth] = useState<boolean | null>(null);
  const [text, setText] = useState("");
  const [order, setOrder] = useState(view.kind === "ordering" ? view.items : []);
  const [feedback, setFeedback] = useState<PracticeFeedbackView | null>(null);
  const [pending, startTransition] = useTransition();
  const shownAt = useRef(Date.now());
  const nextLink = useRef<HTMLAnchorElement>(null);

  useEffect(() => {
    if (feedback && !feedback.error) nextLink.current?.focus();
  }, [feedback]);

  const answered = !!feedback && !feedback.error;

  function response() {
    switch (view.kind) {
      case "single":
        return choice ? { kind: "single", choice } : null;
      case "multiple":
        return choices.length ? { kind: "multiple", choices } : null;
      case "truefalse":
        return truth === null ? null : { kind: "truefalse", value: truth };
      case "short":
        return text.trim() ? { kind: "short", text } : null;
      case "command":
        return text.trim() ? { kind: "command", text } : null;
      case "ordering":
        return { kind: "ordering", order: order.map((item) => item.position) };
    }
  }

  function submit(event: React.FormEvent) {
    event.preventDefault();
    const value = response();
    if (!value) {
      setFeedback({ error: view.kind === "short" || view.kind === "command" ? "Type your answer first." : "Choose an answer first." });
      return;
    }
    startTransition(async () => {
      try {
        setFeedback(await answerPracticeQuestion({ versionId, response: value, timeTakenMs: Math.min(Date.now() - shownAt.current, 3_600_000) }));
      } catch {
        setFeedback({ error: "The server could not be reached; your answer was not saved. Check your connection and try again." });
      }
    });
  }

  function move(index: number, by: -1 | 1) {
    setOrder((current) => {
      const next = [...current];
      const target = index + by;
      if (target < 0 || target >= next.length) return current;
      [next[index], next[target]] = [next[target]!, next[index]!];
      return next;
    });
  }

  const optionState = (key: string) => {
    if (!answered) return "";
    const correct = feedback.correctOptionKeys?.includes(key);
    const picked = view.kind === "single" ? choice === key : choices.includes(key);
    if (correct) return "border-emerald-500 bg-emerald-50 dark:bg-emerald-950/40";
    if (picked) return "border-rose-500 bg-rose-50 dark:bg-rose-950/40";
    return "opacity-70";
  };

  return (
    <form onSubmit={submit} className="space-y-5" aria-describedby="practice-result">
      <div className="markdown" dangerouslySetInnerHTML={html(view.stemHtml)} />

      {view.kind === "single" || view.kind === "multiple" ? (
        <fieldset className="space-y-2" disabled={answered}>
          <legend className="mb-2 text-sm text-slate-500">{view.kind === "single" ? "Choose one." : "Choose every correct answer."}</legend>
          {view.options.map((option) => (
            <div key={option.key}>
              <label className={`flex cursor-pointer items-center gap-3 rounded-lg border border-slate-200 p-3 dark:border-slate-700 ${optionState(option.key)}`}>
                <input
                  type={view.kind === "single" ? "radio" : "checkbox"}
                  name="option"
                  value={option.key}
                  checked={view.kind === "single" ? choice === option.key : choices.includes(option.key)}
                  onChange={(event) =>
                    view.kind === "single"
                      ? setChoice(option.key)
                      : setChoices((current) => (event.target.checked ? [...current, option.key] : current.filter((key) => key !== option.key)))
                  }
                  className="shrink-0"
                />
                <div className="markdown flex-1 prose-p:my-0" dangerouslySetInnerHTML={html(option.html)} />
              </label>
              {feedback?.optionFeedbackHtml?.filter((entry) => entry.key === option.key).map((entry) => (
                <div key={entry.key} className="markdown ml-8 mt-1 text-sm prose-p:my-1" dangerouslySetInnerHTML={html(entry.html)} />
              ))}
            </div>
          ))}
        </fieldset>
      ) : null}

      {view.kind === "truefalse" ? (
        <fieldset className="flex gap-3" disabled={answered}>
          <legend className="sr-only">True or false</legend>
          {[true, false].map((value) => (
            <label key={String(value)} className="flex cursor-pointer items-center gap-2 rounded-lg border border-slate-200 px-4 py-2 dark:border-slate-700">
              <input type="radio" name="truth" checked={truth === value} onChange={() => setTruth(value)} />
              {value ? "True" : "False"}
            </label>
          ))}
        </fieldset>
      ) : null}

      {view.kind === "short" ? (
        <div>
          <label htmlFor="short-answer" className="block text-sm font-medium">Your answer</label>
          <input
            id="short-answer"
            value={text}
            onChange={(event) => setText(event.target.value)}
            readOnly={answered}
            autoComplete="off"
            spellCheck={false}
            className="mt-1 w-full rounded-lg border border-slate-300 bg-white px-3 py-2 font-mono text-sm dark:border-slate-700 dark:bg-slate-950"
          />
        </div>
      ) : null}

      {view.kind === "command" ? (
        <div>
          <label htmlFor="command-answer" className="block text-sm font-medium">Your command</label>
          <div className="mt-1 flex items-center rounded-lg border border-slate-300 bg-slate-950 px-3 py-2 font-mono text-sm text-slate-100 dark:border-slate-700">
            <span aria-hidden="true" className="mr-2 select-none text-emerald-400">$</span>
            <input
              id="command-answer"
              value={text}
              onChange={(event) => setText(event.target.value)}
              readOnly={answered}
              autoComplete="off"
              autoCapitalize="off"
              spellCheck={false}
              placeholder="openstack …"
              className="w-full bg-transparent outline-none placeholder:text-slate-500"
            />
          </div>
        </div>
      ) : null}

      {view.kind === "ordering" ? (
        <ol className="space-y-2" aria-label="Put these in order">
          {order.map((item, index) => (
            <li key={item.position} className="flex items-center gap-3 rounded-lg border border-slate-200 p-2 dark:border-slate-700">
              <span className="w-6 text-right text-sm tabular-nums text-slate-500">{index + 1}.</span>
              <div className="markdown flex-1 prose-p:my-0" dangerouslySetInnerHTML={html(item.html)} />
              <span className="flex gap-1">
                <button type="button" disabled={answered || index === 0} onClick={() => move(index, -1)} aria-label={`Move item ${index + 1} up`} className="rounded border border-slate-300 px-2 disabled:opacity-30 dark:border-slate-700">↑</button>
                <button type="button" disabled={answered || index === order.length - 1} onClick={() => move(index, 1)} aria-label={`Move item ${index + 1} down`} className="rounded border border-slate-300 px-2 disabled:opacity-30 dark:border-slate-700">↓</button>
              </span>
            </li>
          ))}
        </ol>
      ) : null}

      <div id="practice-result" aria-live="polite">
        {feedback?.error ? <p role="alert" className="text-sm text-rose-600">{feedback.error}</p> : null}
        {answered ? (
          <div className={`rounded-lg border p-4 ${feedback.correct ? "border-emerald-300 bg-emerald-50 dark:border-emerald-800 dark:bg-emerald-950/30" : "border-amber-300 bg-amber-50 dark:border-amber-800 dark:bg-amber-950/30"}`}>
            <p className="font-semibold">
              {feedback.correct ? "Correct." : feedback.score && feedback.score > 0 ? `Partly right: ${Math.round(feedback.score * 100)} % of the point.` : "Not quite."}
            </p>
            {feedback.correctAnswerHtml ? (
              <div className="mt-2 text-sm">Answer: <span className="markdown inline-block prose-p:my-0" dangerouslySetInnerHTML={html(feedback.correctAnswerHtml)} /></div>
            ) : null}
            {feedback.correctOrderHtml ? (
              <div className="mt-2 text-sm">
                The order:
                <ol className="ml-5 list-decimal">
                  {feedback.correctOrderHtml.map((item, index) => <li key={index} className="markdown prose-p:my-0" dangerouslySetInnerHTML={html(item)} />)}
                </ol>
              </div>
            ) : null}
            <div className="markdown mt-3 text-sm" dangerouslySetInnerHTML={html(feedback.explanationHtml ?? "")} />
            {feedback.notes?.length ? (
              <p className="mt-2 text-sm">
                Read more: {feedback.notes.map((note, index) => (
                  <span key={note.id}>{index > 0 ? ", " : null}<Link href={`/notes/${note.id}`} className="text-brand-600 hover:underline">{note.title}</Link></span>
                ))}
              </p>
            ) : null}
          </div>
        ) : null}
      </div>

      <div className="flex flex-wrap items-center gap-3">
        {answered ? (
          <>
            <Link ref={nextLink} href={nextHref} className="rounded-lg bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
              Next question →
            </Link>
            {/* Version ids are `<question id>@<version>` (db/schema/content.ts); the card follows the question, not one version. */}
            <AddToFlashcards questionId={versionId.slice(0, versionId.lastIndexOf("@"))} />
          </>
        ) : (
          <button type="submit" disabled={pending} className="rounded-lg bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60">
            {pending ? "Checking…" : "Check answer"}
          </button>
        )}
      </div>
    </form>
  );
}
