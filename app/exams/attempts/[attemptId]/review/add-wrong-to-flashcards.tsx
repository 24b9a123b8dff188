"use client";

import { useState, useTransition } from "react";
import { Button } from "../../../../_components/ui";
import { addWrongToFlashcardsAction } from "./actions";

/** The review's hand-off to flashcards: one click, and a plain sentence saying what it did. */
export function AddWrongToFlashcards({ attemptId, count }: { attemptId: string; count: number }) {
  const [message, setMessage] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  function add() {
    startTransition(async () => {
      const reply = await addWrongToFlashcardsAction({ attemptId });
      if (reply.error !== undefined) return setMessage(reply.error);
      const added = reply.added ?? 0;
      const already = reply.alreadyAdded ?? 0;
      const cards = (n: number) => `${n} ${n === 1 ? "card" : "cards"}`;
      setMessage(
        added === 0
          ? `Nothing new: ${already === 1 ? "that question is" : "these questions are"} already in your flashcards.`
          : `Added ${cards(added)} to your flashcards${already ? ` (${already} ${already === 1 ? "was" : "were"} there already)` : ""}. They are first in line in today's review.`,
      );
    });
  }
  return (
    <div className="mb-6 flex flex-wrap items-center gap-3 rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <Button onClick={add} disabled={pending}>
        Add the {count === 1 ? "one" : `${count} questions`} I got wrong to my flashcards
      </Button>
      <p role="status" className="text-sm text-slate-700 dark:text-slate-300">
        {message}
      </p>
    </div>
  );
}
