import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/client";
import { requireArea } from "@/lib/auth/guards";
import { systemClock } from "@/lib/clock";
import { loadExamCatalogue } from "@/lib/exam/service";
import { ButtonLink, Card, EmptyState, PageHeader } from "../_components/ui";

export const metadata: Metadata = { title: "Mock exams" };
export const dynamic = "force-dynamic";

export default async function ExamCatalogue() {
  const user = await requireArea("learn");
  const exams = await loadExamCatalogue(await getDb(), user.id, systemClock.now());
  return (
    <>
      <PageHeader
        title="Mock exams"
        description="Timed exams drawn from the question bank and weighted like the real one. No feedback until you submit; then a full review."
        actions={<ButtonLink variant="secondary" href="/exams/history">Your history</ButtonLink>}
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-4 lg:col-span-2">
          <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-500">Exam mode</h2>
          {exams.length === 0 ? (
            <EmptyState title="No exams imported">Exam blueprints are Markdown files under content/blueprints, imported when the server starts.</EmptyState>
          ) : (
            <ul className="grid gap-4 sm:grid-cols-2">
              {exams.map((exam) => (
                <li key={exam.id}>
                  <Card className="flex h-full flex-col">
                    <h3 className="text-lg font-semibold">{exam.title}</h3>
                    <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
                      {exam.questionCount} {exam.questionCount === 1 ? "question" : "questions"}
                      {exam.taskCount ? ` + ${exam.taskCount} hands-on ${exam.taskCount === 1 ? "task" : "tasks"}` : ""} · {exam.yourMinutes} {exam.yourMinutes === 1 ? "minute" : "minutes"} · pass at {exam.passMark} %
                    </p>
                    <p className="mt-3 text-sm">
                      {exam.attempts ? `${exam.attempts} ${exam.attempts === 1 ? "attempt" : "attempts"} · best ${exam.bestPercent} %` : "Not attempted yet"}
                    </p>
                    <div className="mt-4 flex-1" />
                    {exam.openAttemptId ? (
                      <ButtonLink href={`/exams/attempts/${exam.openAttemptId}`}>Resume (in progress)</ButtonLink>
                    ) : (
                      <ButtonLink href={`/exams/start/${exam.id}`}>Start…</ButtonLink>
                    )}
                  </Card>
                </li>
              ))}
            </ul>
          )}
        </div>
        <div className="space-y-4">
          <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-500">Practice mode</h2>
          <Card>
            <p className="text-sm">
              Untimed drills on one topic at a time, with the answer and an explanation straight after each question.
              Good for learning; take a mock exam to check you are ready.
            </p>
            <Link href="/practice" className="mt-3 inline-block text-sm font-medium text-brand-600 hover:underline dark:text-brand-100">
              Go to practice drills →
            </Link>
          </Card>
        </div>
      </div>
    </>
  );
}
