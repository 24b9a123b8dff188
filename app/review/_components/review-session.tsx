"use client";

import Link from "next/link";
import { useCallback, useEffect, useRef, useState, useTransition } from "react";
import type { CustomStudy, RatingName } from "@/lib/srs";
import { answerCardAction, changeCardAction, undoReviewAction, type ReviewActionResult } from "../actions";

const buttons: { rating: RatingName; label: string; key: string; style: string }[] = [
  { rating: "again", label: "Again", key: "1", style: "border-rose-300 bg-rose-50 text-rose-800 hover:bg-rose-100 dark:border-rose-800 dark:bg-rose-950/40 dark:text-rose-200" },
  { rating: "hard", label: "Hard", key: "2", style: "border-amber-300 bg-amber-50 text-amber-900 hover:bg-amber-100 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-200" },
  { rating: "good", label: "Good", key: "3", style: "border-emerald-300 bg-emerald-50 text-emerald-900 hover:bg-emerald-100 dark:border-emerald-800 dark:bg-emerald-950/40 dark:text-emerald-200" },
  { rating: "easy", label: "Easy", key: "4", style: "border-sky-300 bg-sky-50 text-sky-900 hover:bg-sky-100 dark:border-sky-800 dark:bg-sky-950/40 dark:text-sky-200" },
];

/** Answer times above this are someone who walked away, not thinking time; Anki caps them the same way. */
const MAX_ANSWER_MS = 60_000;

const html = (value: string) => ({ __html: value });

export function ReviewSession({ initial, topic, custom, title }: { initial: ReviewActionResult; topic?: string; custom?: CustomStudy | null; title: string }) {
  const [view, setView] = useState(initial);
  const [revealed, setRevealed] = useState(false);
  const [answeredIds, setAnsweredIds] = useState<string[]>([]);
  const [pending, startTransition] = useTransition();
  const [offline, setOffline] = useState(false);
  const shownAt = useRef(Date.now());
  const revealButton = useRef<HTMLButtonElement>(null);
  const cardId = view.card?.cardId;

  // A new card (or the same card back after undo) starts the answer clock.
  useEffect(() => {
    shownAt.current = Date.now();
  }, [cardId, view]);

  // Keyboard focus rests on "Show answer" whenever it is on screen, so Space and Enter work without a mouse.
  useEffect(() => {
    if (!revealed) revealButton.current?.focus();
  }, [revealed, view]);

  const run = useCallback(
    (work: () => Promise<ReviewActionResult>, answered?: string) => {
      startTransition(async () => {
        try {
          const next = await work();
          setOffline(false);
          if (custom && answered && !next.error) setAnsweredIds((ids) => [...ids, answered]);
          setRevealed(false);
          setView(next);
        } catch {
          setOffline(true);
        }
      });
    },
    [custom],
  );

  const session = { topic, custom: custom ?? null, answeredIds };

  const answer = (rating: RatingName) => {
    if (!view.card || pending) return;
    const durationMs = Math.min(Date.now() - shownAt.current, MAX_ANSWER_MS);
    const id = view.card.cardId;
    run(() => answerCardAction({ ...session, cardId: id, rating, durationMs }), id);
  };
  const undo = () => {
    if (!view.canUndo || pending) return;
    run(async () => {
      const next = await undoReviewAction(session);
      if (custom && next.card) setAnsweredIds((ids) => ids.filter((id) => id !== next.card?.cardId));
      return next;
    });
  };
  const change = (action: "bury" | "suspend" | "reset") => {
    if (!view.card || pending) return;
    const id = view.card.cardId;
    run(() => changeCardAction({ ...session, cardId: id, action }), id);
  };

  // Anki's keys: Space or Enter shows the answer (and, once shown, means Good); 1–4 rate; U or Ctrl+Z undoes;
  // - buries and @ suspends.
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      const target = event.target as HTMLElement | null;
      if (target && ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName)) return;
      if (event.altKey || event.metaKey) return;
      if ((event.key === "z" && event.ctrlKey) || (!event.ctrlKey && (event.key === "u" || event.key === "U"))) {
        event.preventDefault();
        undo();
        return;
      }
      if (event.ctrlKey || !view.card) return;
      if (event.key === " " || event.key === "Enter") {
        // Enter on a focused link or other button keeps its own meaning.
        if (event.key === "Enter" && target && target !== revealButton.current && ["A", "BUTTON"].includes(target.tagName)) return;
        event.preventDefault();
        if (!revealed) setRevealed(true);
        else answer("good");
        return;
      }
      if (revealed && ["1", "2", "3", "4"].includes(event.key)) {
        event.preventDefault();
        answer(buttons[Number(event.key) - 1]!.rating);
      } else if (event.key === "-") {
        event.preventDefault();
        change("bury");
      } else if (event.key === "@") {
        event.preventDefault();
        change("suspend");
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  });

  const remaining = view.counts.learning + view.counts.review + view.counts.new;
  const progress = view.doneToday + remaining === 0 ? 1 : view.doneToday / (view.doneToday + remaining);

  return (
    <div className="mx-auto flex max-w-3xl flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-xl font-semibold tracking-tight sm:text-2xl">{title}</h1>
        <div className="flex items-center gap-3 text-sm tabular-nums" aria-label="Cards left today">
          <span className="text-sky-700 dark:text-sky-300" title="New">{view.counts.new} new</span>
          <span className="text-rose-700 dark:text-rose-300" title="Learning">{view.counts.learning} learning</span>
          <span className="text-emerald-700 dark:text-emerald-300" title="To review">{view.counts.review} {custom ? "left" : "review"}</span>
        </div>
      </div>
      <div>
        <div
          role="progressbar"
          aria-label="Today's progress"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={Math.round(progress * 100)}
          aria-valuetext={`${view.doneToday} answered today, ${remaining} left`}
          className="h-2 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800"
        >
          <div className="h-full bg-brand-600 transition-all dark:bg-brand-500" style={{ width: `${progress * 100}%` }} />
        </div>
        <p className="mt-1 text-xs text-slate-500 dark:text-slate-400" data-testid="done-today">{view.doneToday} answered today</p>
      </div>

      <div aria-live="polite" className="space-y-2">
        {view.leechNotice ? <p role="alert" className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-100">{view.leechNotice}</p> : null}
        {view.error ? <p role="alert" className="text-sm text-rose-600 dark:text-rose-400">{view.error}</p> : null}
        {offline ? <p role="alert" className="text-sm text-rose-600 dark:text-rose-400">The server could not be reached; your last answer was not saved. Check your connection and press the key again.</p> : null}
      </div>

      {view.card ? (
        <>
          <article aria-label="Flashcard" className="min-h-[14rem] rounded-xl border border-slate-200 bg-white p-5 shadow-sm dark:border-slate-800 dark:bg-slate-900 sm:p-8">
            <p className="mb-3 text-xs uppercase tracking-wide text-slate-500 dark:text-slate-400">
              {view.card.source}
              {view.card.state === "new" ? <span className="ml-2 rounded bg-sky-100 px-1.5 py-0.5 normal-case text-sky-800 dark:bg-sky-900/60 dark:text-sky-200">new</span> : null}
            </p>
            <div className="markdown" data-testid="card-front" dangerouslySetInnerHTML={html(view.card.frontHtml)} />
            {revealed ? (
              <>
                <hr className="my-5 border-slate-200 dark:border-slate-700" />
                <div className="markdown" data-testid="card-back" dangerouslySetInnerHTML={html(view.card.backHtml)} />
                {view.card.noteId ? (
                  <p className="mt-4 text-sm"><Link href={`/notes/${view.card.noteId}`} className="text-brand-600 hover:underline dark:text-brand-400">Read the note</Link></p>
                ) : null}
              </>
            ) : null}
          </article>

          <div className="sticky bottom-0 -mx-4 border-t border-slate-200 bg-white/95 px-4 py-3 backdrop-blur dark:border-slate-800 dark:bg-slate-950/95 sm:static sm:mx-0 sm:border-0 sm:bg-transparent sm:p-0">
            {revealed ? (
              <div className="grid grid-cols-4 gap-2" role="group" aria-label="How well did you remember?">
                {buttons.map((button) => (
                  <button
                    key={button.rating}
                    type="button"
                    disabled={pending}
                    onClick={() => answer(button.rating)}
                    aria-keyshortcuts={button.key}
                    className={`flex min-h-14 flex-col items-center justify-center rounded-lg border px-2 py-2 text-sm font-medium transition disabled:opacity-60 ${button.style}`}
                  >
                    <span>{button.label}</span>
                    <span className="text-xs font-normal tabular-nums opacity-80">{view.card!.intervals[button.rating]}</span>
                    <span className="sr-only">, key {button.key}</span>
                  </button>
                ))}
              </div>
            ) : (
              <button
                ref={revealButton}
                type="button"
                onClick={() => setRevealed(true)}
                aria-keyshortcuts="Space"
                className="min-h-14 w-full rounded-lg bg-brand-600 px-4 py-3 text-sm font-medium text-white hover:bg-brand-700 dark:bg-brand-500 dark:hover:bg-brand-600"
              >
                Show answer <span className="opacity-75">(Space)</span>
              </button>
            )}
          </div>

          <div className="flex flex-wrap items-center gap-x-4 gap-y-2 text-sm text-slate-600 dark:text-slate-400">
            <button type="button" onClick={undo} disabled={!view.canUndo || pending} aria-keyshortcuts="U" className="hover:text-brand-600 disabled:opacity-40">Undo (U)</button>
            <button type="button" onClick={() => change("bury")} disabled={pending} aria-keyshortcuts="-" className="hover:text-brand-600">Bury until tomorrow (-)</button>
            <button type="button" onClick={() => change("suspend")} disabled={pending} aria-keyshortcuts="@" className="hover:text-brand-600">Suspend (@)</button>
            <button type="button" onClick={() => { if (window.confirm("Reset this card to new? Its schedule starts over; Undo brings it back.")) change("reset"); }} disabled={pending} className="hover:text-brand-600">Reset</button>
            <span className="ml-auto hidden text-xs sm:inline">Space shows the answer · 1–4 rate</span>
          </div>
        </>
      ) : (
        <FinishedPanel view={view} custom={!!custom} onUndo={undo} pending={pending} />
      )}
    </div>
  );
}

function FinishedPanel({ view, custom, onUndo, pending }: { view: ReviewActionResult; custom: boolean; onUndo: () => void; pending: boolean }) {
  const statsLink = useRef<HTMLAnchorElement>(null);
  useEffect(() => statsLink.current?.focus(), []);
  const waiting = view.nextLearningDue ? new Date(view.nextLearningDue) : null;
  return (
    <section aria-labelledby="finished-heading" className="rounded-xl border border-slate-200 bg-white p-6 text-center shadow-sm dark:border-slate-800 dark:bg-slate-900">
      <h2 id="finished-heading" className="text-lg font-semibold">
        {waiting ? "Nothing due right now" : custom ? "Custom study finished" : "You have finished for today"}
      </h2>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
        {waiting
          ? `A card in learning comes back at ${waiting.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}. Reload then, or study something else meanwhile.`
          : `${view.doneToday} answer${view.doneToday === 1 ? "" : "s"} today. The next cards are scheduled; come back tomorrow.`}
      </p>
      <div className="mt-5 flex flex-wrap justify-center gap-3">
        <Link ref={statsLink} href="/review/stats" className="rounded-lg bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 dark:bg-brand-500">See your statistics</Link>
        <Link href="/review/custom" className="rounded-lg border border-slate-300 px-4 py-2 text-sm font-medium hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800">Custom study</Link>
        {view.canUndo ? (
          <button type="button" onClick={onUndo} disabled={pending} className="rounded-lg px-4 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800">Undo last answer (U)</button>
        ) : null}
      </div>
    </section>
  );
}
