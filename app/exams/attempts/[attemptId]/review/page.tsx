import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { requireArea } from "@/lib/auth/guards";
import { systemClock } from "@/lib/clock";
import type { Response } from "@/lib/exam/scoring";
import { loadAttemptReview, type LabReviewItemDto, type ReviewItemDto } from "@/lib/exam/service";
import { AddWrongToFlashcards } from "./add-wrong-to-flashcards";
import { Card } from "../../../../_components/ui";
import { formatTime } from "../../../_components/format";

export const metadata: Metadata = { title: "Exam review" };
export const dynamic = "force-dynamic";

const html = (value: string) => ({ __html: value });

export default async function ReviewPage({ params, searchParams }: { params: Promise<{ attemptId: string }>; searchParams: Promise<{ show?: string }> }) {
  const user = await requireArea("learn");
  const { attemptId } = await params;
  const { show } = await searchParams;
  if (!/^[0-9a-f-]{36}$/i.test(attemptId)) notFound();
  const loaded = await loadAttemptReview(await getDb(), user.id, attemptId, systemClock.now());
  if (!loaded.ok) {
    if (loaded.error.code === "exam/still-open") redirect(`/exams/attempts/${attemptId}`);
    notFound();
  }
  const review = loaded.value;
  const onlyWrong = show === "wrong";
  const items = onlyWrong ? review.items.filter((item) => !item.feedback.correct) : review.items;
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-slate-500">
        <Link href="/exams" className="hover:underline">Mock exams</Link> › <Link href={`/exams/attempts/${attemptId}/result`} className="hover:underline">Result</Link> › Review
      </nav>
      <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight sm:text-3xl">{review.title}: review</h1>
          <p className="mt-2 text-slate-600 dark:text-slate-400">
            {review.result.scorePercent} % · {review.items.length - review.wrongQuestionIds.length} of {review.items.length} fully right · {review.wrongQuestionIds.length} to revisit
            {review.result.finishedBy === "instructor" ? ` · Closed by your instructor at ${formatTime(review.submittedAt)}` : ""}
          </p>
        </div>
        <nav aria-label="Filter" className="flex gap-2 text-sm">
          <Link href={`/exams/attempts/${attemptId}/review`} aria-current={!onlyWrong ? "page" : undefined} className={`rounded-lg px-3 py-1.5 ${!onlyWrong ? "bg-brand-600 text-white" : "border border-slate-300 dark:border-slate-700"}`}>All questions</Link>
          <Link href={`/exams/attempts/${attemptId}/review?show=wrong`} aria-current={onlyWrong ? "page" : undefined} className={`rounded-lg px-3 py-1.5 ${onlyWrong ? "bg-brand-600 text-white" : "border border-slate-300 dark:border-slate-700"}`}>Only the ones to revisit</Link>
        </nav>
      </div>
      {review.wrongQuestionIds.length > 0 ? <AddWrongToFlashcards attemptId={attemptId} count={review.wrongQuestionIds.length} /> : null}
      {review.labs.length > 0 ? (
        <section aria-labelledby="labs-title" className="mb-8">
          <h2 id="labs-title" className="mb-3 text-xl font-semibold">Hands-on tasks</h2>
          <ol className="space-y-6">
            {review.labs.map((lab) => (
              <li key={lab.position}>
                <LabReview lab={lab} />
              </li>
            ))}
          </ol>
          {review.terminalTranscript ? (
            <details className="mt-4">
              <summary className="cursor-pointer text-sm font-medium">Your whole terminal session</summary>
              <pre aria-label="Whole terminal session" className="mt-2 max-h-96 overflow-auto rounded-lg bg-slate-950 p-3 text-xs text-slate-100">{review.terminalTranscript}</pre>
            </details>
          ) : null}
        </section>
      ) : null}
      <ol className="space-y-6">
        {items.map((item) => (
          <li key={item.position}>
            <ReviewItem item={item} />
          </li>
        ))}
      </ol>
    </>
  );
}

function verdict(item: ReviewItemDto): { text: string; className: string } {
  if (!item.answered) return { text: "Not answered", className: "bg-slate-200 text-slate-800 dark:bg-slate-800 dark:text-slate-200" };
  if (item.feedback.correct) return { text: "Right", className: "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200" };
  if (item.feedback.score > 0) return { text: `Partly right (${Math.round(item.feedback.score * 100)} %)`, className: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200" };
  return { text: "Wrong", className: "bg-rose-100 text-rose-800 dark:bg-rose-950 dark:text-rose-200" };
}

function picked(response: Response | null): Set<string> {
  if (response?.kind === "single") return new Set([response.choice]);
  if (response?.kind === "multiple") return new Set(response.choices);
  return new Set();
}

function ReviewItem({ item }: { item: ReviewItemDto }) {
  const { text, className } = verdict(item);
  const question = item.question;
  const mine = picked(item.response);
  const correctKeys = new Set(item.feedback.correctOptionKeys ?? []);
  return (
    <Card>
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-base font-semibold">
          Question {item.position + 1}{" "}
          <span className="font-normal text-slate-500">· {item.sectionTitle} · {item.topicTitle}{item.flagged ? " · you flagged it" : ""}</span>
        </h2>
        <span className="flex items-center gap-3 text-sm">
          <span className="tabular-nums text-slate-500">{item.earned} / {Math.round(item.points * 100) / 100} points</span>
          <span className={`rounded-full px-2.5 py-0.5 text-xs font-medium ${className}`}>{text}</span>
        </span>
      </div>
      {item.regradeNote ? (
        <p role="note" className="mb-3 rounded-lg border border-sky-300 bg-sky-50 px-3 py-2 text-sm text-sky-900 dark:border-sky-800 dark:bg-sky-950/40 dark:text-sky-100">
          Regraded after the exam: {item.regradeNote}
        </p>
      ) : null}
      <div className="markdown" dangerouslySetInnerHTML={html(question.stemHtml)} />
      {question.kind === "single" || question.kind === "multiple" ? (
        <ul className="mt-4 space-y-2">
          {question.options.map((option) => {
            const isCorrect = correctKeys.has(option.key);
            const isMine = mine.has(option.key);
            const feedback = item.feedback.optionFeedbackHtml?.find((entry) => entry.key === option.key);
            return (
              <li key={option.key} className={`rounded-lg border p-3 ${isCorrect ? "border-emerald-500 bg-emerald-50 dark:bg-emerald-950/30" : isMine ? "border-rose-500 bg-rose-50 dark:bg-rose-950/30" : "border-slate-200 dark:border-slate-700"}`}>
                <div className="flex items-start gap-3">
                  <span className="w-28 shrink-0 text-xs font-medium uppercase tracking-wide text-slate-600 dark:text-slate-400">
                    {isCorrect && isMine ? "your pick · right" : isCorrect ? "right answer" : isMine ? "your pick · wrong" : ""}
                  </span>
                  <div className="markdown flex-1 prose-p:my-0 [&_p]:my-0!" dangerouslySetInnerHTML={html(option.html)} />
                </div>
                {feedback ? <div className="markdown ml-31 mt-1 text-sm prose-p:my-1" dangerouslySetInnerHTML={html(feedback.html)} /> : null}
              </li>
            );
          })}
        </ul>
      ) : null}
      {question.kind === "truefalse" ? (
        <p className="mt-4 text-sm">
          Your answer: <strong>{item.response?.kind === "truefalse" ? (item.response.value ? "True" : "False") : "none"}</strong> · Right answer: <strong>{item.feedback.correctAnswer}</strong>
        </p>
      ) : null}
      {question.kind === "short" || question.kind === "command" ? (
        <div className="mt-4 space-y-1 text-sm">
          <p>Your answer: {item.response?.kind === "short" || item.response?.kind === "command" ? <code className="rounded bg-slate-100 px-1 font-mono dark:bg-slate-800">{item.response.text}</code> : <strong>none</strong>}</p>
          {item.feedback.correctAnswerHtml ? <div>An accepted answer: <span className="markdown inline-block prose-p:my-0" dangerouslySetInnerHTML={html(item.feedback.correctAnswerHtml)} /></div> : null}
        </div>
      ) : null}
      {question.kind === "ordering" ? (
        <div className="mt-4 grid gap-4 text-sm sm:grid-cols-2">
          <div>
            <p className="font-medium">Your order</p>
            {item.response?.kind === "ordering" ? (
              <ol className="ml-5 list-decimal">
                {item.response.order.map((position) => {
                  const entry = question.items.find((candidate) => candidate.position === position);
                  return entry ? <li key={position} className="markdown prose-p:my-0" dangerouslySetInnerHTML={html(entry.html)} /> : null;
                })}
              </ol>
            ) : (
              <p>none</p>
            )}
          </div>
          <div>
            <p className="font-medium">The right order</p>
            <ol className="ml-5 list-decimal">
              {(item.feedback.correctOrderHtml ?? []).map((entry, index) => <li key={index} className="markdown prose-p:my-0" dangerouslySetInnerHTML={html(entry)} />)}
            </ol>
          </div>
        </div>
      ) : null}
      <div className="mt-4 rounded-lg bg-slate-50 p-4 dark:bg-slate-950">
        <p className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Explanation</p>
        <div className="markdown text-sm" dangerouslySetInnerHTML={html(item.feedback.explanationHtml)} />
        {item.notes.length ? (
          <p className="mt-2 text-sm">
            Read more:{" "}
            {item.notes.map((note, index) => (
              <span key={note.id}>
                {index > 0 ? ", " : null}
                <Link href={`/notes/${note.id}`} className="text-brand-600 hover:underline dark:text-brand-100">{note.title}</Link>
              </span>
            ))}
          </p>
        ) : null}
      </div>
    </Card>
  );
}

/**
 * A check's one-line description: labs write names in backticks (`demo`, `m1.tiny`). Only that bit of Markdown
 * is drawn, as React text, so a description can never bring HTML along.
 */
function InlineCode({ text }: { text: string }) {
  return text.split(/(`[^`]+`)/).map((part, index) =>
    part.length > 2 && part.startsWith("`") && part.endsWith("`") ? (
      <code key={index} className="rounded bg-white/70 px-1 font-mono text-[0.85em] dark:bg-slate-900/60">
        {part.slice(1, -1)}
      </code>
    ) : (
      part
    ),
  );
}

function LabReview({ lab }: { lab: LabReviewItemDto }) {
  const passed = lab.checks.filter((check) => check.passed).length;
  return (
    <Card>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div>
          <p className="text-xs text-slate-500">Task {lab.position + 1} · {lab.sectionTitle} · {lab.topicTitle}</p>
          <h3 className="text-lg font-semibold">{lab.title}</h3>
        </div>
        <p className="text-sm tabular-nums text-slate-600 dark:text-slate-400">
          {passed} of {lab.checks.length} checks passed · {lab.earned.toFixed(1)} / {lab.points.toFixed(1)} points
        </p>
      </div>
      <details className="mt-2">
        <summary className="cursor-pointer text-sm">The task</summary>
        <div className="markdown mt-2 text-sm" dangerouslySetInnerHTML={html(lab.taskHtml)} />
      </details>
      <ul aria-label={`Checks of ${lab.title}`} className="mt-3 space-y-2">
        {lab.checks.map((check) => (
          <li
            key={check.id}
            className={`rounded-lg border p-3 text-sm ${check.passed ? "border-emerald-300 bg-emerald-50 dark:border-emerald-800 dark:bg-emerald-950/40" : "border-rose-300 bg-rose-50 dark:border-rose-800 dark:bg-rose-950/40"}`}
          >
            <p className="flex items-start justify-between gap-3 font-medium">
              <span>
                <span aria-hidden="true">{check.passed ? "✓ " : "✗ "}</span>
                <span className="sr-only">{check.passed ? "Passed: " : "Failed: "}</span>
                <InlineCode text={check.description} />
              </span>
              <span className="shrink-0 tabular-nums text-slate-600 dark:text-slate-400">
                {check.earned}/{check.points} pt
              </span>
            </p>
            <p className="mt-1 text-slate-700 dark:text-slate-300">{check.reason}</p>
          </li>
        ))}
      </ul>
      <h4 className="mt-4 text-sm font-semibold">What you typed on this task</h4>
      <pre aria-label={`Transcript of ${lab.title}`} className="mt-2 max-h-80 overflow-auto rounded-lg bg-slate-950 p-3 text-xs text-slate-100">
        {lab.transcript || "(no commands while this task was open)"}
      </pre>
    </Card>
  );
}
