"use client";

import { useState, useTransition } from "react";
import { addQuestionCardAction, studyNoteCardsAction } from "../actions";

type Target = { questionId: string; noteId?: never } | { noteId: string; questionId?: never };

/**
 * One button that puts something into the learner's flashcards: a question from practice feedback, or the
 * cards of a note. It says what happened in place, so the learner never leaves the page.
 */
export function AddToFlashcards({ label, ...target }: Target & { label?: string }) {
  const [message, setMessage] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  function add() {
    startTransition(async () => {
      try {
        const result = target.questionId ? await addQuestionCardAction({ questionId: target.questionId }) : await studyNoteCardsAction({ noteId: target.noteId });
        setMessage(result.message);
      } catch {
        setMessage("The server could not be reached; try again.");
      }
    });
  }
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <button
        type="button"
        onClick={add}
        disabled={pending || message !== null}
        className="rounded-lg border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 hover:bg-slate-100 disabled:opacity-60 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800"
      >
        {pending ? "Adding…" : (label ?? "Add to my flashcards")}
      </button>
      <span role="status" className="text-sm text-slate-600 dark:text-slate-400">{message}</span>
    </span>
  );
}
