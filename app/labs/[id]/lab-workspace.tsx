"use client";

import { useRef, useState, useTransition, type ReactNode } from "react";
import type { Grade } from "@/lib/checker";
import type { TranscriptEntry } from "@/lib/labs/runtime";
import type { CloudIdentity, SessionView } from "@/lib/labs/sessions";
import { Button } from "../../_components/ui";
import { resetLab, showNextHint, submitLab } from "./actions";
import { LabTerminal, type LabTerminalHandle } from "./lab-terminal";

const html = (value: string) => ({ __html: value });

interface LabWorkspaceProps {
  labId: string;
  hintCount: number;
  initial: SessionView;
  /** Hints this session already asked for, rendered on the server. */
  initialHintsHtml: string[];
  lastScore: { score: number; total: number } | null;
  /** The task: title and Markdown, rendered on the server. */
  children: ReactNode;
}

/**
 * A lab page: the task (and any hints asked for) on the left, the terminal with its status line and controls on
 * the right, filling the height of the window on wide screens; stacked on a phone. After submission the right
 * side shows each graded check and the transcript.
 */
export function LabWorkspace({ labId, hintCount, initial, initialHintsHtml, lastScore, children }: LabWorkspaceProps) {
  const [identity, setIdentity] = useState<CloudIdentity>(initial.identity);
  const [hintsHtml, setHintsHtml] = useState<string[]>(initialHintsHtml);
  const [result, setResult] = useState<{ grade: Grade; transcript: TranscriptEntry[]; cardsNotice?: string } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const terminal = useRef<LabTerminalHandle>(null);

  function reset() {
    if (!window.confirm("Reset this lab? Everything you did in the terminal is thrown away and the lab starts again.")) return;
    startTransition(async () => {
      const reply = await resetLab({ labId });
      if (reply.error || !reply.session) return setMessage(reply.error ?? "Reset failed.");
      setMessage("The lab was reset to its starting state.");
      setResult(null);
      setIdentity(reply.session.identity);
      terminal.current?.restart(reply.session);
    });
  }

  function hint() {
    startTransition(async () => {
      const reply = await showNextHint({ labId });
      if (reply.error || !reply.hintsHtml) return setMessage(reply.error ?? "No hint.");
      setMessage(null);
      setHintsHtml(reply.hintsHtml);
    });
  }

  function submit() {
    if (!window.confirm("Submit for grading? The checks look at the cloud as it is now; afterwards the next visit starts a fresh session.")) return;
    startTransition(async () => {
      const reply = await submitLab({ labId });
      if (reply.error || !reply.grade) return setMessage(reply.error ?? "Grading failed.");
      setMessage(null);
      setResult({ grade: reply.grade, transcript: reply.transcript ?? [], cardsNotice: reply.cardsNotice });
    });
  }

  const hintLabel = hintCount === 0 ? "No hints" : hintsHtml.length >= hintCount ? "No more hints" : `Show a hint (${hintsHtml.length + 1} of ${hintCount})`;

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)] lg:items-start">
      <article aria-labelledby="lab-title" className="min-w-0">
        {children}
        {lastScore && (
          <p className="mt-6 rounded-lg border border-slate-200 bg-white px-3 py-2 text-sm text-slate-700 dark:border-slate-800 dark:bg-slate-900 dark:text-slate-300">
            Your last submission scored {lastScore.score} of {lastScore.total} points.
          </p>
        )}
        {hintsHtml.length > 0 && (
          <section aria-labelledby="hints-title" className="mt-6">
            <h2 id="hints-title" className="text-base font-semibold">
              Hints
            </h2>
            <ol aria-label="Hints" className="mt-2 space-y-2">
              {hintsHtml.map((hintHtml, index) => (
                <li
                  key={index}
                  className="markdown rounded-lg border border-amber-300 bg-amber-50 p-3 [&>*:first-child]:mt-0 [&>*:last-child]:mb-0 text-sm text-slate-800 dark:border-amber-700 dark:bg-amber-950/40 dark:text-slate-200"
                  dangerouslySetInnerHTML={html(hintHtml)}
                />
              ))}
            </ol>
          </section>
        )}
      </article>

      {result ? (
        <LabResult labId={labId} grade={result.grade} transcript={result.transcript} cardsNotice={result.cardsNotice} />
      ) : (
        <section aria-label="Terminal and lab controls" className="flex min-w-0 flex-col gap-3 lg:sticky lg:top-4 lg:h-[calc(100dvh-6rem)] lg:min-h-[28rem]">
          <div className="flex h-[28rem] flex-col overflow-hidden rounded-xl lg:h-auto lg:min-h-0 lg:flex-1 border border-slate-800 bg-slate-950 shadow-sm">
            <p
              data-testid="lab-status"
              className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-slate-800 bg-slate-900 px-3 py-2 font-mono text-xs text-slate-300"
            >
              <span className="inline-flex items-center gap-1.5">
                <span aria-hidden="true" className="size-2 rounded-full bg-emerald-400" />
                Simulated cloud
              </span>
              <span>
                user <strong className="font-semibold text-white">{identity.user || "—"}</strong>
              </span>
              <span>
                project <strong className="font-semibold text-white">{identity.project || "—"}</strong>
              </span>
              <span className="ml-auto text-slate-400">work is saved as you go</span>
            </p>
            <LabTerminal ref={terminal} labId={labId} initial={initial} onIdentity={setIdentity} />
          </div>
          <div className="flex flex-wrap items-center gap-2">
            <Button onClick={submit} disabled={pending}>
              Submit for grading
            </Button>
            <Button variant="secondary" onClick={hint} disabled={pending || hintsHtml.length >= hintCount}>
              {hintLabel}
            </Button>
            <Button variant="ghost" onClick={reset} disabled={pending}>
              Reset lab
            </Button>
            <p role="status" className="text-sm text-slate-600 dark:text-slate-400">
              {message}
            </p>
          </div>
        </section>
      )}
    </div>
  );
}

function LabResult({ labId, grade, transcript, cardsNotice }: { labId: string; grade: Grade; transcript: TranscriptEntry[]; cardsNotice?: string }) {
  const percent = grade.total === 0 ? 0 : Math.round((grade.score / grade.total) * 100);
  const passed = grade.results.filter((check) => check.passed).length;
  return (
    <section aria-labelledby="result-title" className="min-w-0">
      <h2 id="result-title" className="text-xl font-semibold">
        Result: {grade.score} of {grade.total} points ({percent} %)
      </h2>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        {passed} of {grade.results.length} checks passed. Grading looked at the cloud's end state, not at the commands you typed.
      </p>
      <div className="mt-3 h-2 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800" aria-hidden="true">
        <div className="h-full rounded-full bg-emerald-500" style={{ width: `${percent}%` }} />
      </div>
      {cardsNotice ? (
        <p role="status" className="mt-3 rounded-lg border border-sky-300 bg-sky-50 px-3 py-2 text-sm text-sky-950 dark:border-sky-800 dark:bg-sky-950/40 dark:text-sky-100">
          {cardsNotice}{" "}
          <a href="/review" className="font-medium underline">
            Review them
          </a>
        </p>
      ) : null}
      <ul aria-label="Checks" className="mt-4 space-y-2">
        {grade.results.map((check) => (
          <li
            key={check.id}
            className={`rounded-lg border p-3 text-sm ${check.passed ? "border-emerald-300 bg-emerald-50 dark:border-emerald-800 dark:bg-emerald-950/40" : "border-rose-300 bg-rose-50 dark:border-rose-800 dark:bg-rose-950/40"}`}
          >
            <p className="flex items-start justify-between gap-3 font-medium">
              <span>
                <span aria-hidden="true" className={check.passed ? "text-emerald-700 dark:text-emerald-300" : "text-rose-700 dark:text-rose-300"}>
                  {check.passed ? "✓ " : "✗ "}
                </span>
                <span className="sr-only">{check.passed ? "Passed: " : "Failed: "}</span>
                {check.description}
              </span>
              <span className="shrink-0 tabular-nums text-slate-600 dark:text-slate-400">
                {check.earned}/{check.points} pt
              </span>
            </p>
            <p className="mt-1 text-slate-700 dark:text-slate-300">{check.reason}</p>
          </li>
        ))}
      </ul>
      <h3 className="mt-6 font-semibold">Your transcript</h3>
      <pre aria-label="Transcript" className="mt-2 max-h-96 overflow-auto rounded-lg bg-slate-950 p-3 text-xs text-slate-100">
        {transcript.length === 0 ? "(no commands)" : transcript.map((entry) => `${entry.prompt}${entry.input}\n${entry.stdout}${entry.stderr}`).join("")}
      </pre>
      <div className="mt-4 flex flex-wrap gap-4 text-sm">
        <a href={`/labs/${labId}`} className="font-medium text-brand-700 underline dark:text-brand-100">
          Try again with a fresh session
        </a>
        <a href="/labs" className="text-slate-700 underline dark:text-slate-300">
          Back to all labs
        </a>
      </div>
    </section>
  );
}
