"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { mergePending, nextSequence } from "@/lib/exam/attempt";
import type { Response } from "@/lib/exam/scoring";
import type { AttemptDto, AttemptItemDto, RenderedQuestion } from "@/lib/exam/service";
import type { CloudIdentity } from "@/lib/labs/sessions";
import { LabTerminal } from "../../../labs/[id]/lab-terminal";
import { submitExamAction } from "../../actions";

/**
 * The exam page. Every change is written to localStorage first (so nothing is lost if the tab dies or the
 * network drops), then sent to the server as one small request; an item shows "Saved" only after the server
 * acknowledged that exact change (its sequence number). The countdown is the server's deadline minus the
 * server's clock, estimated as this browser's clock plus the skew measured on every response.
 */

interface ItemAnswer {
  response: Response | null;
  flagged: boolean;
  seq: number;
}

type SaveState = "saved" | "saving" | "waiting" | "none";

/** How often waiting answers are retried while the server cannot be reached. */
const RETRY_INTERVAL_MS = 3_000;
/** Typing in a short answer is sent once the learner pauses, not on every key. */
const TYPING_PAUSE_MS = 600;
/** Warnings before the deadline, in minutes. */
const WARNING_MINUTES = [10, 5, 1] as const;
const MS_PER_MINUTE = 60_000;

const storageKey = (attemptId: string) => `examstack:exam:${attemptId}:pending`;
/** Which question the learner was on, so a reload comes back to it (another device starts at the first unanswered). */
const positionKey = (attemptId: string) => `examstack:exam-at:${attemptId}`;
const html = (value: string) => ({ __html: value });

function readPending(attemptId: string): Record<number, ItemAnswer> {
  try {
    const raw = window.localStorage.getItem(storageKey(attemptId));
    return raw ? (JSON.parse(raw) as Record<number, ItemAnswer>) : {};
  } catch {
    return {};
  }
}

function writePending(attemptId: string, pending: Record<number, ItemAnswer>): void {
  try {
    if (Object.keys(pending).length === 0) window.localStorage.removeItem(storageKey(attemptId));
    else window.localStorage.setItem(storageKey(attemptId), JSON.stringify(pending));
  } catch {
    // Storage full or disabled: the in-memory queue still retries while the tab is open.
  }
}

function formatClock(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const mm = String(minutes).padStart(2, "0");
  const ss = String(seconds).padStart(2, "0");
  return hours ? `${hours}:${mm}:${ss}` : `${mm}:${ss}`;
}

const isAnswered = (answer: ItemAnswer | undefined) => !!answer?.response;
/** Hands-on tasks have no answer to give: the cloud's state is graded at submission, so they never count as unanswered. */
const isTask = (entry: AttemptItemDto) => entry.kind === "lab";

export function ExamRunner({ attempt }: { attempt: AttemptDto }) {
  const router = useRouter();
  const items = attempt.items;
  const deadline = useMemo(() => new Date(attempt.deadlineAt).getTime(), [attempt.deadlineAt]);

  // Server clock minus this browser's clock; refined on every response.
  const skew = useRef(new Date(attempt.serverNow).getTime() - Date.now());
  const [answers, setAnswers] = useState<Map<number, ItemAnswer>>(() => new Map(attempt.savedAnswers.map((answer) => [answer.position, answer])));
  const answersRef = useRef(answers);
  const pending = useRef<Record<number, ItemAnswer>>({});
  const inFlight = useRef(new Set<number>());
  const typingTimers = useRef(new Map<number, ReturnType<typeof setTimeout>>());
  const [saveStates, setSaveStates] = useState<Map<number, SaveState>>(() => new Map(attempt.savedAnswers.map((answer) => [answer.position, "saved" as SaveState])));
  const [offline, setOffline] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [current, setCurrent] = useState(0);
  const [remaining, setRemaining] = useState(() => deadline - (Date.now() + skew.current));
  const [warning, setWarning] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<string | null>(null);
  const warned = useRef(new Set<number>());
  const closed = useRef(false);
  const lastAutoSubmit = useRef(0);

  const setSaveState = useCallback((position: number, state: SaveState) => {
    setSaveStates((states) => new Map(states).set(position, state));
  }, []);

  const applyAnswer = useCallback((position: number, answer: ItemAnswer) => {
    const next = new Map(answersRef.current).set(position, answer);
    answersRef.current = next;
    setAnswers(next);
  }, []);

  const goToResult = useCallback(() => {
    if (closed.current) return;
    closed.current = true;
    writePending(attempt.attemptId, {});
    try {
      window.localStorage.removeItem(positionKey(attempt.attemptId));
    } catch {
      // nothing kept
    }
    router.replace(`/exams/attempts/${attempt.attemptId}/result`);
    router.refresh();
  }, [attempt.attemptId, router]);

  /** Sends the waiting change of one item; a newer change made meanwhile is sent when this one returns. */
  const send = useCallback(
    async (position: number): Promise<void> => {
      const entry = pending.current[position];
      if (!entry || inFlight.current.has(position) || closed.current) return;
      inFlight.current.add(position);
      setSaveState(position, "saving");
      const sentAt = Date.now();
      let retry = false;
      try {
        const response = await fetch(`/api/exams/attempts/${attempt.attemptId}/answers`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ position, response: entry.response, flagged: entry.flagged, seq: entry.seq }),
          cache: "no-store",
        });
        const body = (await response.json().catch(() => ({}))) as {
          ok?: boolean;
          code?: string;
          seq?: number;
          serverNow?: string;
          current?: ItemAnswer;
        };
        if (body.serverNow) skew.current = new Date(body.serverNow).getTime() - (sentAt + Date.now()) / 2;
        if (response.ok && body.ok) {
          setOffline(false);
          if (pending.current[position]?.seq === body.seq) {
            delete pending.current[position];
            writePending(attempt.attemptId, pending.current);
            setSaveState(position, "saved");
          }
        } else if (body.code === "exam/stale" && body.current) {
          // Another tab or device saved a newer answer: the server's copy stands, and this tab shows it.
          setOffline(false);
          if ((pending.current[position]?.seq ?? 0) <= body.current.seq) {
            delete pending.current[position];
            writePending(attempt.attemptId, pending.current);
            applyAnswer(position, { response: body.current.response, flagged: body.current.flagged, seq: body.current.seq });
            setSaveState(position, "saved");
            setNotice(`Question ${position + 1} was changed in another tab or device; showing that newer answer.`);
          }
        } else if (body.code === "exam/closed") {
          goToResult();
        } else if (response.status === 401) {
          setNotice("You were signed out. Sign in again in another tab; your answers are kept in this browser until then.");
          setSaveState(position, "waiting");
          setOffline(true);
        } else if (response.status >= 500 || !body.code) {
          setOffline(true);
          setSaveState(position, "waiting");
        } else {
          // A save the server cannot take (a bug or a removed item): drop it rather than retry forever.
          delete pending.current[position];
          writePending(attempt.attemptId, pending.current);
          setSaveState(position, "none");
          setNotice(`Question ${position + 1}: the server refused this answer. Reload the page.`);
        }
      } catch {
        setOffline(true);
        setSaveState(position, "waiting");
      } finally {
        inFlight.current.delete(position);
      }
      const newer = pending.current[position];
      if (newer && newer.seq !== entry.seq && !closed.current) retry = true;
      if (retry) await send(position);
    },
    [applyAnswer, attempt.attemptId, goToResult, setSaveState],
  );

  const flush = useCallback(async () => {
    await Promise.all(Object.keys(pending.current).map((key) => send(Number(key))));
  }, [send]);

  /** Records a change: in memory, in localStorage, then (now or after a typing pause) on the server. */
  const change = useCallback(
    (position: number, update: Partial<Pick<ItemAnswer, "response" | "flagged">>, { typing = false } = {}) => {
      if (closed.current) return;
      const previous = answersRef.current.get(position);
      const lastSeq = Math.max(previous?.seq ?? 0, pending.current[position]?.seq ?? 0);
      const answer: ItemAnswer = {
        response: update.response !== undefined ? update.response : (previous?.response ?? null),
        flagged: update.flagged ?? previous?.flagged ?? false,
        seq: nextSequence(lastSeq, Date.now(), skew.current),
      };
      applyAnswer(position, answer);
      pending.current[position] = answer;
      writePending(attempt.attemptId, pending.current);
      setSaveState(position, "waiting");
      const timer = typingTimers.current.get(position);
      if (timer) clearTimeout(timer);
      if (typing) typingTimers.current.set(position, setTimeout(() => void send(position), TYPING_PAUSE_MS));
      else void send(position);
    },
    [applyAnswer, attempt.attemptId, send, setSaveState],
  );

  // On load: answers this browser kept while offline (or that a crash interrupted) are merged with the server's
  // copy — the newer one wins — and the newer local ones are sent.
  useEffect(() => {
    const stored = readPending(attempt.attemptId);
    const merged = new Map(answersRef.current);
    const toSend: number[] = [];
    for (const [key, local] of Object.entries(stored)) {
      const position = Number(key);
      const { value, resend } = mergePending(merged.get(position), local);
      if (resend && value) {
        merged.set(position, value);
        pending.current[position] = value;
        toSend.push(position);
      }
    }
    writePending(attempt.attemptId, pending.current);
    answersRef.current = merged;
    setAnswers(merged);
    for (const position of toSend) void send(position);
    let remembered = -1;
    try {
      remembered = Number(window.localStorage.getItem(positionKey(attempt.attemptId)) ?? -1);
    } catch {
      // storage disabled
    }
    const firstUnanswered = items.findIndex((entry) => !isTask(entry) && !isAnswered(merged.get(entry.position)));
    setCurrent(Number.isInteger(remembered) && remembered >= 0 && remembered < items.length ? remembered : Math.max(0, firstUnanswered));
  }, [attempt.attemptId, items, send]);

  useEffect(() => {
    try {
      window.localStorage.setItem(positionKey(attempt.attemptId), String(current));
    } catch {
      // Only a convenience; without storage a reload starts at the first unanswered question.
    }
  }, [attempt.attemptId, current]);

  // Retry waiting answers while the connection is down, and at once when the browser says it is back.
  useEffect(() => {
    const retry = setInterval(() => {
      if (Object.keys(pending.current).length) void flush();
    }, RETRY_INTERVAL_MS);
    const online = () => void flush();
    window.addEventListener("online", online);
    return () => {
      clearInterval(retry);
      window.removeEventListener("online", online);
    };
  }, [flush]);

  const submit = useCallback(async () => {
    if (closed.current) return;
    setSubmitting(true);
    setSubmitError(null);
    await flush();
    try {
      const result = await submitExamAction({ attemptId: attempt.attemptId });
      if (result.error) setSubmitError(result.error);
      else goToResult();
    } catch {
      setSubmitError("The server could not be reached. Your answers are kept in this browser; try again in a moment.");
    } finally {
      setSubmitting(false);
    }
  }, [attempt.attemptId, flush, goToResult]);

  // The countdown, the warnings, and the automatic submission at the deadline.
  useEffect(() => {
    const tick = () => {
      const left = deadline - (Date.now() + skew.current);
      setRemaining(left);
      for (const minutes of WARNING_MINUTES) {
        if (left <= minutes * MS_PER_MINUTE && left > 0 && !warned.current.has(minutes)) {
          for (const larger of WARNING_MINUTES) if (larger >= minutes) warned.current.add(larger);
          setWarning(minutes === 1 ? "One minute left. Your answers are saved as you go." : `${minutes} minutes left.`);
        }
      }
      // At the deadline the browser submits by itself (retrying while offline; the server's sweep is the backstop).
      if (left <= 0 && !closed.current && !submitting && Date.now() - lastAutoSubmit.current >= RETRY_INTERVAL_MS) {
        lastAutoSubmit.current = Date.now();
        void submit();
      }
    };
    tick();
    const timer = setInterval(tick, 500);
    return () => clearInterval(timer);
  }, [deadline, submit, submitting]);

  const move = useCallback((to: number) => setCurrent(Math.min(items.length - 1, Math.max(0, to))), [items.length]);

  // Keyboard: n / p for next and previous, f to flag — outside text fields, where those letters are typing.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (event.ctrlKey || event.metaKey || event.altKey || confirming) return;
      if (target && (target.tagName === "INPUT" && (target as HTMLInputElement).type === "text" || target.tagName === "TEXTAREA" || target.isContentEditable)) return;
      const item = items[current];
      if (event.key === "n") move(current + 1);
      else if (event.key === "p") move(current - 1);
      else if (event.key === "f" && item) change(item.position, { flagged: !answersRef.current.get(item.position)?.flagged });
      else return;
      event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [change, confirming, current, items, move]);

  const item = items[current];
  const waiting = Object.keys(pending.current).length;
  const tasks = items.filter(isTask);
  const questionCount = items.length - tasks.length;
  const unanswered = items.filter((entry) => !isTask(entry) && !isAnswered(answers.get(entry.position)));
  const flagged = items.filter((entry) => answers.get(entry.position)?.flagged);
  const sectionTitle = (id: string) => attempt.sections.find((section) => section.id === id)?.title ?? id;
  const timeUp = remaining <= 0;

  return (
    <div className="space-y-6">
      <div className="sticky top-0 z-10 -mx-4 flex flex-wrap items-center justify-between gap-3 border-b border-slate-200 bg-slate-50/95 px-4 py-3 backdrop-blur dark:border-slate-800 dark:bg-slate-950/95">
        <div>
          <h1 className="text-lg font-semibold">{attempt.title}</h1>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            {questionCount - unanswered.length} of {questionCount} {questionCount === 1 ? "question" : "questions"} answered
            {tasks.length ? ` · ${tasks.length} hands-on ${tasks.length === 1 ? "task" : "tasks"}` : ""} · {flagged.length} flagged
          </p>
        </div>
        <div className="flex items-center gap-4">
          <p role="status" aria-live="polite" data-testid="connection" className={`text-sm ${offline ? "text-amber-700 dark:text-amber-300" : "text-slate-600 dark:text-slate-400"}`}>
            {offline
              ? `Connection lost · ${waiting} ${waiting === 1 ? "answer" : "answers"} kept in this browser, retrying`
              : waiting
                ? "Saving…"
                : "All answers saved"}
          </p>
          <div
            role="timer"
            aria-label="Time left"
            data-testid="time-left"
            className={`rounded-lg px-3 py-1.5 font-mono text-lg tabular-nums ${remaining <= MS_PER_MINUTE ? "bg-rose-100 text-rose-800 dark:bg-rose-950 dark:text-rose-200" : remaining <= 10 * MS_PER_MINUTE ? "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200" : "bg-white text-slate-900 dark:bg-slate-900 dark:text-slate-100"}`}
          >
            {timeUp ? "Time is up" : formatClock(remaining)}
          </div>
          <button type="button" onClick={() => setConfirming(true)} disabled={submitting} className="rounded-lg bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60 dark:bg-brand-500">
            Submit exam…
          </button>
        </div>
      </div>

      {warning ? (
        <div role="alert" className="flex items-center justify-between rounded-lg border border-amber-300 bg-amber-50 px-4 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-200">
          <span>{warning}</span>
          <button type="button" onClick={() => setWarning(null)} className="text-sm underline">Dismiss</button>
        </div>
      ) : null}
      {timeUp ? (
        <div role="alert" className="rounded-lg border border-rose-300 bg-rose-50 px-4 py-2 text-sm text-rose-900 dark:border-rose-800 dark:bg-rose-950/40 dark:text-rose-200">
          Time is up. Your exam is being submitted with the answers the server has received.
        </div>
      ) : null}
      {notice ? (
        <div role="status" className="flex items-center justify-between rounded-lg border border-slate-300 bg-white px-4 py-2 text-sm dark:border-slate-700 dark:bg-slate-900">
          <span>{notice}</span>
          <button type="button" onClick={() => setNotice(null)} className="text-sm underline">Dismiss</button>
        </div>
      ) : null}

      <div className="grid gap-6 lg:grid-cols-[1fr_16rem]">
        {item ? (
          <section aria-label={`Question ${current + 1} of ${items.length}`} className="rounded-xl border border-slate-200 bg-white p-6 dark:border-slate-800 dark:bg-slate-900">
            <div className="mb-4 flex flex-wrap items-center justify-between gap-2">
              <h2 className="text-base font-semibold">
                Question {current + 1} <span className="font-normal text-slate-500">of {items.length} · {sectionTitle(item.sectionId)}</span>
              </h2>
              <SaveBadge state={saveStates.get(item.position) ?? "none"} answered={isAnswered(answers.get(item.position))} />
            </div>
            <ItemBody key={item.position} item={item} answer={answers.get(item.position)} onChange={change} disabled={timeUp} />
            {attempt.terminal ? (
              // One terminal for the whole attempt (its labs share one cloud): kept mounted, shown on lab items only.
              <ExamTerminal attemptId={attempt.attemptId} initial={attempt.terminal} visible={item.kind === "lab"} position={item.position} />
            ) : null}
            <div className="mt-6 flex flex-wrap items-center justify-between gap-3 border-t border-slate-200 pt-4 dark:border-slate-800">
              <label className="flex cursor-pointer items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  checked={answers.get(item.position)?.flagged ?? false}
                  onChange={(event) => change(item.position, { flagged: event.target.checked })}
                  disabled={timeUp}
                />
                Flag for review
              </label>
              <div className="flex gap-2">
                <button type="button" onClick={() => move(current - 1)} disabled={current === 0} className="rounded-lg border border-slate-300 px-4 py-2 text-sm disabled:opacity-40 dark:border-slate-700">
                  ← Previous
                </button>
                <button type="button" onClick={() => move(current + 1)} disabled={current === items.length - 1} className="rounded-lg border border-slate-300 px-4 py-2 text-sm disabled:opacity-40 dark:border-slate-700">
                  Next →
                </button>
              </div>
            </div>
            <p className="mt-3 text-xs text-slate-500">Keys: n next · p previous · f flag</p>
          </section>
        ) : null}

        <nav aria-label="Question palette" className="rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
          <h2 className="mb-3 text-sm font-semibold">Questions</h2>
          <ol className="grid grid-cols-6 gap-1.5 lg:grid-cols-5">
            {items.map((entry, index) => {
              const answer = answers.get(entry.position);
              const task = isTask(entry);
              const state = task ? "task" : isAnswered(answer) ? "answered" : "unanswered";
              const label = `Question ${index + 1}, ${task ? "hands-on task" : state}${answer?.flagged ? ", flagged" : ""}`;
              return (
                <li key={entry.position}>
                  <button
                    type="button"
                    onClick={() => move(index)}
                    aria-label={label}
                    aria-current={index === current ? "step" : undefined}
                    className={`relative h-9 w-full rounded-md border text-sm tabular-nums ${
                      index === current ? "ring-2 ring-brand-500" : ""
                    } ${
                      state === "answered"
                        ? "border-brand-600 bg-brand-600 text-white dark:border-brand-500 dark:bg-brand-500"
                        : state === "task"
                          ? "border-slate-900 bg-slate-900 text-emerald-300 dark:border-slate-600 dark:bg-slate-950"
                          : "border-slate-300 bg-white text-slate-700 dark:border-slate-700 dark:bg-slate-950 dark:text-slate-200"
                    }`}
                  >
                    {task ? <span aria-hidden className="font-mono text-[11px]">&gt;_{index + 1}</span> : index + 1}
                    {answer?.flagged ? <span aria-hidden className="absolute -right-1 -top-1 h-3 w-3 rounded-full border-2 border-white bg-amber-500 dark:border-slate-900" /> : null}
                  </button>
                </li>
              );
            })}
          </ol>
          <ul className="mt-4 space-y-1 text-xs text-slate-600 dark:text-slate-400">
            <li className="flex items-center gap-2"><span className="h-3 w-3 rounded-sm bg-brand-600 dark:bg-brand-500" /> answered</li>
            <li className="flex items-center gap-2"><span className="h-3 w-3 rounded-sm border border-slate-400" /> unanswered</li>
            <li className="flex items-center gap-2"><span className="h-3 w-3 rounded-full bg-amber-500" /> flagged</li>
            {tasks.length ? <li className="flex items-center gap-2"><span className="h-3 w-3 rounded-sm bg-slate-900 ring-1 ring-slate-600" /> hands-on task, graded when you submit</li> : null}
          </ul>
        </nav>
      </div>

      {confirming ? (
        <div className="fixed inset-0 z-20 flex items-center justify-center bg-slate-900/50 p-4" onKeyDown={(event) => event.key === "Escape" && setConfirming(false)}>
          <div role="dialog" aria-modal="true" aria-labelledby="submit-title" className="max-h-[80vh] w-full max-w-lg overflow-auto rounded-xl bg-white p-6 shadow-xl dark:bg-slate-900">
            <h2 id="submit-title" className="text-lg font-semibold">Submit your exam?</h2>
            <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">After submitting you cannot change any answer. Time left: {formatClock(remaining)}.</p>
            {waiting ? <p className="mt-3 text-sm text-amber-700 dark:text-amber-300">{waiting} {waiting === 1 ? "answer is" : "answers are"} not yet on the server; submitting sends them first.</p> : null}
            <ItemList title={`Unanswered (${unanswered.length})`} entries={unanswered} all={items} onPick={(index) => { setConfirming(false); move(index); }} />
            <ItemList title={`Flagged for review (${flagged.length})`} entries={flagged} all={items} onPick={(index) => { setConfirming(false); move(index); }} />
            {tasks.length ? (
              <>
                <ItemList title={`Hands-on tasks (${tasks.length})`} entries={tasks} all={items} onPick={(index) => { setConfirming(false); move(index); }} />
                <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">Each is graded on the cloud as you leave it: whatever you have done so far counts, nothing more can be changed after submitting.</p>
              </>
            ) : null}
            {submitError ? <p role="alert" className="mt-3 text-sm text-rose-600">{submitError}</p> : null}
            <div className="mt-6 flex justify-end gap-3">
              <button type="button" autoFocus onClick={() => setConfirming(false)} className="rounded-lg border border-slate-300 px-4 py-2 text-sm dark:border-slate-700">Keep working</button>
              <button type="button" onClick={() => void submit()} disabled={submitting} className="rounded-lg bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60 dark:bg-brand-500">
                {submitting ? "Submitting…" : "Submit now"}
              </button>
            </div>
          </div>
        </div>
      ) : null}
    </div>
  );
}

function ItemList({ title, entries, all, onPick }: { title: string; entries: AttemptItemDto[]; all: AttemptItemDto[]; onPick: (index: number) => void }) {
  return (
    <div className="mt-4">
      <h3 className="text-sm font-medium">{title}</h3>
      {entries.length ? (
        <ul className="mt-2 flex flex-wrap gap-1.5">
          {entries.map((entry) => {
            const index = all.indexOf(entry);
            return (
              <li key={entry.position}>
                <button type="button" onClick={() => onPick(index)} className="rounded border border-slate-300 px-2 py-0.5 text-sm tabular-nums hover:border-brand-500 dark:border-slate-700">
                  {index + 1}
                </button>
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="mt-1 text-sm text-slate-500">None.</p>
      )}
    </div>
  );
}

function SaveBadge({ state, answered }: { state: SaveState; answered: boolean }) {
  const text = state === "saved" ? (answered ? "Saved" : "Saved (no answer)") : state === "saving" ? "Saving…" : state === "waiting" ? "Not saved yet" : "";
  if (!text) return null;
  const colour =
    state === "saved" ? "text-emerald-700 dark:text-emerald-300" : state === "waiting" ? "text-amber-700 dark:text-amber-300" : "text-slate-500";
  return (
    <span data-testid="save-state" className={`text-sm ${colour}`}>
      {text}
    </span>
  );
}

function ItemBody({
  item,
  answer,
  onChange,
  disabled,
}: {
  item: AttemptItemDto;
  answer: ItemAnswer | undefined;
  onChange: (position: number, update: Partial<Pick<ItemAnswer, "response" | "flagged">>, options?: { typing?: boolean }) => void;
  disabled: boolean;
}) {
  if (item.kind === "lab") {
    return (
      <div data-testid="lab-task">
        <p className="mb-2 text-xs font-medium uppercase tracking-wide text-slate-500 dark:text-slate-400">
          Hands-on task · {item.title} · about {item.estimateMinutes} min
        </p>
        <p className="mb-3 rounded-lg border border-sky-300 bg-sky-50 px-3 py-2 text-sm text-sky-950 dark:border-sky-800 dark:bg-sky-950/40 dark:text-sky-100">
          Work as <code className="font-mono">{item.user}</code> in project <code className="font-mono">{item.project}</code>: run{" "}
          <code className="font-mono">source ~/{item.user}-openrc</code> first. Every task of this exam shares the same cloud, and it is graded on
          the cloud&apos;s state when you submit the exam.
        </p>
        <div className="markdown" dangerouslySetInnerHTML={html(item.taskHtml)} />
      </div>
    );
  }
  return <QuestionBody position={item.position} question={item.question} response={answer?.response ?? null} onChange={onChange} disabled={disabled} />;
}

function QuestionBody({
  position,
  question,
  response,
  onChange,
  disabled,
}: {
  position: number;
  question: RenderedQuestion;
  response: Response | null;
  onChange: (position: number, update: { response: Response | null }, options?: { typing?: boolean }) => void;
  disabled: boolean;
}) {
  const set = (next: Response | null, typing = false) => onChange(position, { response: next }, { typing });
  const typed = question.kind === "short" || question.kind === "command" ? question.kind : null;
  const [text, setText] = useState(response?.kind === "short" || response?.kind === "command" ? response.text : "");
  useEffect(() => {
    if (response?.kind === "short" || response?.kind === "command") setText(response.text);
  }, [response]);

  const ordering = question.kind === "ordering" ? question : null;
  const order = useMemo(() => {
    if (!ordering) return [];
    if (response?.kind === "ordering") {
      const byPosition = new Map(ordering.items.map((entry) => [entry.position, entry]));
      const arranged = response.order.flatMap((entry) => byPosition.get(entry) ?? []);
      if (arranged.length === ordering.items.length) return arranged;
    }
    return ordering.items;
  }, [ordering, response]);

  const moveItem = (index: number, by: -1 | 1) => {
    const target = index + by;
    if (target < 0 || target >= order.length) return;
    const next = [...order];
    [next[index], next[target]] = [next[target]!, next[index]!];
    set({ kind: "ordering", order: next.map((entry) => entry.position) });
  };

  return (
    <div className="space-y-5">
      <div className="markdown" dangerouslySetInnerHTML={html(question.stemHtml)} />
      {question.kind === "single" || question.kind === "multiple" ? (
        <fieldset className="space-y-2" disabled={disabled}>
          <legend className="mb-2 text-sm text-slate-500">{question.kind === "single" ? "Choose one." : "Choose every correct answer."}</legend>
          {question.options.map((option) => {
            const checked = question.kind === "single" ? response?.kind === "single" && response.choice === option.key : response?.kind === "multiple" && response.choices.includes(option.key);
            return (
              <label key={option.key} className={`flex cursor-pointer items-center gap-3 rounded-lg border p-3 ${checked ? "border-brand-500 bg-brand-50 dark:bg-slate-800" : "border-slate-200 dark:border-slate-700"}`}>
                <input
                  type={question.kind === "single" ? "radio" : "checkbox"}
                  name={`item-${position}`}
                  value={option.key}
                  checked={checked}
                  onChange={(event) => {
                    if (question.kind === "single") set({ kind: "single", choice: option.key });
                    else {
                      const before = response?.kind === "multiple" ? response.choices : [];
                      const choices = event.target.checked ? [...before, option.key] : before.filter((key) => key !== option.key);
                      set(choices.length ? { kind: "multiple", choices } : null);
                    }
                  }}
                  className="shrink-0"
                />
                <div className="markdown flex-1 prose-p:my-0 [&_p]:my-0!" dangerouslySetInnerHTML={html(option.html)} />
              </label>
            );
          })}
        </fieldset>
      ) : null}
      {question.kind === "truefalse" ? (
        <fieldset className="flex gap-3" disabled={disabled}>
          <legend className="sr-only">True or false</legend>
          {[true, false].map((value) => (
            <label key={String(value)} className={`flex cursor-pointer items-center gap-2 rounded-lg border px-4 py-2 ${response?.kind === "truefalse" && response.value === value ? "border-brand-500 bg-brand-50 dark:bg-slate-800" : "border-slate-200 dark:border-slate-700"}`}>
              <input type="radio" name={`item-${position}`} checked={response?.kind === "truefalse" && response.value === value} onChange={() => set({ kind: "truefalse", value })} />
              {value ? "True" : "False"}
            </label>
          ))}
        </fieldset>
      ) : null}
      {typed ? (
        <div>
          <label htmlFor={`typed-${position}`} className="block text-sm font-medium">{typed === "command" ? "Your command" : "Your answer"}</label>
          <div className="mt-1 flex items-center rounded-lg border border-slate-300 bg-white font-mono text-sm focus-within:ring-2 focus-within:ring-brand-500 dark:border-slate-700 dark:bg-slate-950">
            {typed === "command" ? <span aria-hidden className="pl-3 text-slate-500">$</span> : null}
            <input
              id={`typed-${position}`}
              type="text"
              value={text}
              disabled={disabled}
              onChange={(event) => {
                setText(event.target.value);
                set(event.target.value.trim() ? { kind: typed, text: event.target.value } : null, true);
              }}
              autoComplete="off"
              spellCheck={false}
              // The wrapper shows the focus ring, so it surrounds the "$" prompt too.
              className="w-full rounded-lg bg-transparent px-3 py-2 focus-visible:outline-none"
            />
          </div>
        </div>
      ) : null}
      {ordering ? (
        <div>
          <ol className="space-y-2" aria-label="Put these in order">
            {order.map((entry, index) => (
              <li key={entry.position} className="flex items-center gap-3 rounded-lg border border-slate-200 p-2 dark:border-slate-700">
                <span className="w-6 text-right text-sm tabular-nums text-slate-500">{index + 1}.</span>
                <div className="markdown flex-1 prose-p:my-0 [&_p]:my-0!" dangerouslySetInnerHTML={html(entry.html)} />
                <span className="flex gap-1">
                  <button type="button" disabled={disabled || index === 0} onClick={() => moveItem(index, -1)} aria-label={`Move item ${index + 1} up`} className="rounded border border-slate-300 px-2 disabled:opacity-30 dark:border-slate-700">↑</button>
                  <button type="button" disabled={disabled || index === order.length - 1} onClick={() => moveItem(index, 1)} aria-label={`Move item ${index + 1} down`} className="rounded border border-slate-300 px-2 disabled:opacity-30 dark:border-slate-700">↓</button>
                </span>
              </li>
            ))}
          </ol>
          {response?.kind !== "ordering" ? (
            <button type="button" disabled={disabled} onClick={() => set({ kind: "ordering", order: order.map((entry) => entry.position) })} className="mt-3 rounded-lg border border-slate-300 px-3 py-1.5 text-sm dark:border-slate-700">
              Keep this order as my answer
            </button>
          ) : null}
        </div>
      ) : null}
      {response && !disabled ? (
        <button type="button" onClick={() => { setText(""); set(null); }} className="text-sm text-slate-500 underline">
          Clear my answer
        </button>
      ) : null}
    </div>
  );
}

function ExamTerminal({ attemptId, initial, visible, position }: { attemptId: string; initial: NonNullable<AttemptDto["terminal"]>; visible: boolean; position: number }) {
  const [identity, setIdentity] = useState<CloudIdentity>(initial.identity);
  const positionRef = useRef(position);
  positionRef.current = position;
  return (
    <div hidden={!visible} className="mt-4 overflow-hidden rounded-xl border border-slate-800 bg-slate-950">
      <p data-testid="lab-status" className="flex flex-wrap items-center gap-x-3 border-b border-slate-800 bg-slate-900 px-3 py-2 font-mono text-xs text-slate-300">
        <span>Simulated cloud (shared by this exam&apos;s tasks)</span>
        <span>
          user <strong className="font-semibold text-white">{identity.user || "—"}</strong>
        </span>
        <span>
          project <strong className="font-semibold text-white">{identity.project || "—"}</strong>
        </span>
      </p>
      <div className="flex h-[26rem] flex-col">
        <LabTerminal
          labId={`exam-${attemptId}`}
          initial={initial}
          onIdentity={setIdentity}
          commandsUrl={`/api/exams/attempts/${attemptId}/commands`}
          requestContext={() => ({ position: positionRef.current })}
        />
      </div>
    </div>
  );
}
