"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { startExamAction } from "../../actions";

export function StartButton({ blueprintId, label, assignmentId }: { blueprintId: string; label: string; assignmentId?: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <div>
      <button
        type="button"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            setError(null);
            try {
              const result = await startExamAction({ blueprintId, assignmentId });
              if (result.attemptId) router.push(`/exams/attempts/${result.attemptId}`);
              else setError(result.error ?? "The exam could not be started.");
            } catch {
              setError("The server could not be reached; check your connection and try again.");
            }
          })
        }
        className="rounded-lg bg-brand-600 px-5 py-2.5 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60 dark:bg-brand-500"
      >
        {pending ? "Starting…" : label}
      </button>
      {error ? <p role="alert" className="mt-3 text-sm text-rose-600">{error}</p> : null}
    </div>
  );
}
