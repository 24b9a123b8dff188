import Link from "next/link";
import { getDb } from "@/db/client";
import { systemClock } from "@/lib/clock";
import { loadExamHistory } from "@/lib/exam/service";
import { ButtonLink, EmptyState } from "../../_components/ui";

/** Number of recent attempts the learner's home lists. */
const RECENT_ATTEMPTS = 3;
/** Topics named as the weakest on the learner's home. */
const WEAK_TOPICS = 3;

/** The learner home's "Mock exams" card: recent scores against the pass mark, and the weakest topics lately. */
export async function MockExamsSummary({ userId }: { userId: string }) {
  const history = await loadExamHistory(await getDb(), userId, systemClock.now());
  const open = history.attempts.find((attempt) => attempt.status === "open");
  const recent = history.attempts.filter((attempt) => attempt.status === "submitted").slice(0, RECENT_ATTEMPTS);
  if (!open && recent.length === 0) {
    return (
      <EmptyState title="No attempts yet" action={<ButtonLink href="/exams">Choose a mock exam</ButtonLink>}>
        Your timed mock exams appear here with their scores, the pass mark, and your weakest topics.
      </EmptyState>
    );
  }
  const weakest = history.topics
    .flatMap((series) => {
      const last = series.points.at(-1);
      return last ? [{ title: series.title, percent: last.percent }] : [];
    })
    .sort((a, b) => a.percent - b.percent)
    .slice(0, WEAK_TOPICS);
  return (
    <div className="space-y-4">
      {open ? (
        <p className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950/40">
          <strong>{open.title}</strong> is in progress and its clock is running.{" "}
          <Link href={`/exams/attempts/${open.attemptId}`} className="font-medium text-brand-600 hover:underline dark:text-brand-100">Resume it</Link>
        </p>
      ) : null}
      {recent.length ? (
        <ul className="divide-y divide-slate-200 text-sm dark:divide-slate-800">
          {recent.map((attempt) => (
            <li key={attempt.attemptId} className="flex items-center justify-between py-2">
              <Link href={`/exams/attempts/${attempt.attemptId}/result`} className="hover:underline">{attempt.title}</Link>
              <span className={`tabular-nums ${attempt.passed ? "text-emerald-700 dark:text-emerald-300" : "text-amber-700 dark:text-amber-300"}`}>
                {attempt.scorePercent} % (pass {attempt.passMark} %)
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {weakest.length ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          Weakest lately: {weakest.map((topic) => `${topic.title} ${topic.percent} %`).join(" · ")}
        </p>
      ) : null}
      <div className="flex gap-3">
        <ButtonLink href="/exams">Mock exams</ButtonLink>
        <ButtonLink variant="secondary" href="/exams/history">History</ButtonLink>
      </div>
    </div>
  );
}
