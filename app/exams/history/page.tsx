import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/client";
import { requireArea } from "@/lib/auth/guards";
import { systemClock } from "@/lib/clock";
import { loadExamHistory } from "@/lib/exam/service";
import { Card, EmptyState, PageHeader } from "../../_components/ui";
import { ProgressLine } from "../_components/charts";
import { formatDateTime, formatDuration } from "../_components/format";

export const metadata: Metadata = { title: "Exam history" };
export const dynamic = "force-dynamic";

/** The pass mark drawn on the topic charts: the real exam's, which both bundled blueprints use. */
const REFERENCE_PASS_MARK = 70;

export default async function HistoryPage() {
  const user = await requireArea("learn");
  const history = await loadExamHistory(await getDb(), user.id, systemClock.now());
  const passMark = history.attempts.find((attempt) => attempt.status === "submitted")?.passMark ?? REFERENCE_PASS_MARK;
  return (
    <>
      <PageHeader title="Exam history" description="Every mock exam you took, and how each topic has gone over time." />
      {history.attempts.length === 0 ? (
        <EmptyState title="No attempts yet" action={<Link href="/exams" className="text-brand-600 hover:underline">Choose a mock exam →</Link>}>
          Your scores appear here after your first mock exam.
        </EmptyState>
      ) : (
        <div className="space-y-8">
          <Card title="Progress by topic">
            {history.topics.length ? (
              <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
                {history.topics.map((series) => (
                  <ProgressLine key={series.topic} title={series.title} points={series.points} passMark={passMark} />
                ))}
              </div>
            ) : (
              <p className="text-sm text-slate-600 dark:text-slate-400">Submit an attempt to see your topics here.</p>
            )}
          </Card>
          <Card title="Attempts">
            <div className="relative overflow-x-auto">
              <table className="w-full text-left text-sm">
                <thead className="text-xs uppercase tracking-wide text-slate-500">
                  <tr>
                    <th className="py-2 pr-4">Exam</th>
                    <th className="py-2 pr-4">Started</th>
                    <th className="py-2 pr-4">Score</th>
                    <th className="py-2 pr-4">Time used</th>
                    <th className="py-2" />
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
                  {history.attempts.map((attempt) => (
                    <tr key={attempt.attemptId}>
                      <td className="py-2 pr-4 font-medium">{attempt.title}</td>
                      <td className="py-2 pr-4">{formatDateTime(attempt.startedAt)}</td>
                      <td className="py-2 pr-4 tabular-nums">
                        {attempt.status === "open" ? (
                          "in progress"
                        ) : (
                          <span className={attempt.passed ? "text-emerald-700 dark:text-emerald-300" : "text-amber-700 dark:text-amber-300"}>
                            {attempt.scorePercent} % {attempt.passed ? "passed" : "not passed"}
                          </span>
                        )}
                      </td>
                      <td className="py-2 pr-4 tabular-nums">{attempt.timeUsedMs !== null ? formatDuration(attempt.timeUsedMs) : "–"}{attempt.finishedBy === "deadline" ? " (timed out)" : attempt.finishedBy === "instructor" ? " (closed by your instructor)" : ""}</td>
                      <td className="py-2 text-right">
                        {attempt.status === "open" ? (
                          <Link href={`/exams/attempts/${attempt.attemptId}`} className="text-brand-600 hover:underline dark:text-brand-100">Resume</Link>
                        ) : (
                          <span className="flex justify-end gap-3">
                            <Link href={`/exams/attempts/${attempt.attemptId}/result`} className="text-brand-600 hover:underline dark:text-brand-100">Result</Link>
                            <Link href={`/exams/attempts/${attempt.attemptId}/review`} className="text-brand-600 hover:underline dark:text-brand-100">Review</Link>
                          </span>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </Card>
        </div>
      )}
    </>
  );
}
