import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { requireArea } from "@/lib/auth/guards";
import { systemClock } from "@/lib/clock";
import type { FinishedBy } from "@/lib/exam/attempt";
import { loadAttemptResult } from "@/lib/exam/service";
import { ButtonLink, Card } from "../../../../_components/ui";
import { ScoreBars } from "../../../_components/charts";
import { formatDateTime, formatDuration, formatTime } from "../../../_components/format";

export const metadata: Metadata = { title: "Exam result" };
export const dynamic = "force-dynamic";

export default async function ResultPage({ params }: { params: Promise<{ attemptId: string }> }) {
  const user = await requireArea("learn");
  const { attemptId } = await params;
  if (!/^[0-9a-f-]{36}$/i.test(attemptId)) notFound();
  const loaded = await loadAttemptResult(await getDb(), user.id, attemptId, systemClock.now());
  if (!loaded.ok) {
    if (loaded.error.code === "exam/still-open") redirect(`/exams/attempts/${attemptId}`);
    notFound();
  }
  const { title, result, submittedAt } = loaded.value;
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-slate-500">
        <Link href="/exams" className="hover:underline">Mock exams</Link> › <Link href="/exams/history" className="hover:underline">History</Link> › Result
      </nav>
      <h1 className="mb-6 text-2xl font-semibold tracking-tight sm:text-3xl">{title}: result</h1>
      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="lg:col-span-1">
          <p className="text-sm text-slate-600 dark:text-slate-400">Your score</p>
          <p data-testid="score" className="mt-1 text-5xl font-semibold tabular-nums">{result.scorePercent} %</p>
          <p className={`mt-2 text-lg font-medium ${result.passed ? "text-emerald-700 dark:text-emerald-300" : "text-amber-700 dark:text-amber-300"}`}>
            {result.passed ? "Passed" : "Not passed yet"} · pass mark {result.passMark} %
          </p>
          <dl className="mt-4 space-y-1 text-sm">
            <div className="flex justify-between"><dt>Answered</dt><dd className="tabular-nums">{result.answered} of {result.total}</dd></div>
            <div className="flex justify-between"><dt>Time used</dt><dd className="tabular-nums">{formatDuration(result.timeUsedMs)} of {formatDuration(result.allowedMs)}</dd></div>
            <div className="flex justify-between gap-3"><dt>Finished</dt><dd className="text-right">{finishedText(result.finishedBy, submittedAt)}</dd></div>
            <div className="flex justify-between"><dt>Submitted</dt><dd>{formatDateTime(submittedAt)}</dd></div>
          </dl>
          <div className="mt-5 flex flex-wrap gap-3">
            <ButtonLink href={`/exams/attempts/${attemptId}/review`}>Review every question</ButtonLink>
            <ButtonLink variant="secondary" href="/exams">Back to exams</ButtonLink>
          </div>
        </Card>
        <Card className="lg:col-span-2">
          <ScoreBars
            title="By section"
            passMark={result.passMark}
            rows={result.sections.map((section) => ({ id: section.id, label: section.title, percent: section.percent, detail: `${section.correct} of ${section.items} right, ${section.earned} of ${section.possible} points` }))}
          />
        </Card>
        <Card className="lg:col-span-3">
          <ScoreBars
            title="By topic"
            passMark={result.passMark}
            rows={result.topics.map((topic) => ({ id: topic.id, label: topic.title, percent: topic.percent, detail: `${topic.correct} of ${topic.items} right` }))}
          />
        </Card>
      </div>
    </>
  );
}

/** Who ended the attempt, in the learner's terms: an instructor's "close now" is named as such, with the time. */
function finishedText(finishedBy: FinishedBy, submittedAt: string): string {
  switch (finishedBy) {
    case "deadline":
      return "at the deadline (time ran out)";
    case "instructor":
      return `Closed by your instructor at ${formatTime(submittedAt)}`;
    case "learner":
      return "by you";
  }
}
