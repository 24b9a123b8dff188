import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { requireArea } from "@/lib/auth/guards";
import { loadLearnerDrillDown } from "@/lib/cohorts/dashboard";
import { topics } from "@/lib/content/topics";
import { Card, EmptyState, PageHeader } from "../../../../../_components/ui";
import { MasteryHeatMap, ProgressChart } from "../../../_components/charts";
import { duration, inputClass, percent, score, sinceText } from "../../../_components/format";
import { ActionForm } from "../../../_components/action-form";
import { setTimeMultiplierAction } from "../../../actions";
import { MAX_TIME_MULTIPLIER, MIN_TIME_MULTIPLIER } from "@/lib/exam/attempt";
import { loadTimeMultiplier } from "@/lib/exam/service";
import { finishedByLabel, loadAttemptFinishers } from "@/lib/cohorts/monitor";

export const metadata: Metadata = { title: "Learner" };

const uuid = /^[0-9a-f-]{36}$/i;

export default async function LearnerPage({ params }: { params: Promise<{ cohortId: string; userId: string }> }) {
  const user = await requireArea("teach");
  const { cohortId, userId } = await params;
  if (!uuid.test(cohortId) || !uuid.test(userId)) notFound();
  const now = new Date();
  const loaded = await loadLearnerDrillDown(await getDb(), user, cohortId, userId, now);
  if (!loaded.ok) notFound();
  const { cohort, row, mastery, attempts, weeks } = loaded.value;
  const [multiplier, finishers] = await Promise.all([loadTimeMultiplier(await getDb(), row.userId), loadAttemptFinishers(await getDb(), user, cohortId)]);
  const endedBy = (attemptId: string) => {
    const by = finishers.ok ? finishers.value.get(attemptId) : undefined;
    return by ? finishedByLabel[by] : "—";
  };
  const covered = topics.filter((topic) => mastery.some((cell) => cell.topic === topic.id)).map((topic) => ({ id: topic.id, title: topic.title }));
  const facts: [string, string][] = [
    ["Last active", sinceText(row.lastActiveAt, now)],
    ["Notes read", String(row.notesRead)],
    ["Flashcard retention (30 days)", percent(row.retention)],
    ["Cards due", String(row.dueNow)],
    ["Exam best / last", `${score(row.examBest)} / ${score(row.examLast)}`],
    ["Lab pass rate", `${percent(row.labPassRate)} of ${row.labSessions}`],
    ["Time spent", duration(row.timeSpentMs)],
  ];
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-3 text-sm text-slate-500 dark:text-slate-400">
        <Link href={`/teach/cohorts/${cohort.id}`} className="hover:underline">{cohort.name}</Link> <span aria-hidden>›</span> {row.name}
      </nav>
      <PageHeader title={row.name} description={row.email} />
      {row.risks.length ? (
        <div role="alert" className="mb-6 rounded-lg border border-rose-300 bg-rose-50 p-4 text-sm text-rose-800 dark:border-rose-800 dark:bg-rose-950/40 dark:text-rose-200">
          At risk: {row.risks.map((risk) => risk.message).join(" ")}
        </div>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-3">
        <Card title="Summary">
          <dl className="grid grid-cols-2 gap-2 text-sm">
            {facts.map(([label, value]) => (
              <div key={label} className="contents">
                <dt className="text-slate-600 dark:text-slate-400">{label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
        </Card>
        <Card title="Exam time">
          <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">
            Currently {multiplier}× the standard time. A new multiplier applies to mock exams this learner starts from now on (1.5 = half as much time again).
          </p>
          <ActionForm action={setTimeMultiplierAction} submit="Set multiplier">
            <input type="hidden" name="cohortId" value={cohort.id} />
            <input type="hidden" name="userId" value={row.userId} />
            <label className="grid gap-1 text-sm">
              Time multiplier
              <input name="multiplier" type="number" step={0.05} min={MIN_TIME_MULTIPLIER} max={MAX_TIME_MULTIPLIER} defaultValue={multiplier} className={`${inputClass} w-24`} />
            </label>
          </ActionForm>
        </Card>
        <Card title="Activity over twelve weeks" className="lg:col-span-2">
          <ProgressChart weeks={weeks} title={`${row.name}: activity and exam score per week`} />
        </Card>
        <Card title="Exam attempts" className="lg:col-span-2">
          {attempts.length === 0 ? (
            <EmptyState title="No submitted exams">Attempts appear here once submitted.</EmptyState>
          ) : (
            <table className="w-full text-left text-sm">
              <thead className="border-b border-slate-200 text-slate-600 dark:border-slate-800 dark:text-slate-400">
                <tr>
                  <th scope="col" className="px-2 py-2">Exam</th>
                  <th scope="col" className="px-2 py-2">Submitted</th>
                  <th scope="col" className="px-2 py-2">Ended</th>
                  <th scope="col" className="px-2 py-2">Score</th>
                  <th scope="col" className="px-2 py-2">Result</th>
                </tr>
              </thead>
              <tbody>
                {attempts.map((attempt) => (
                  <tr key={attempt.id} className="border-b border-slate-100 dark:border-slate-800">
                    <td className="px-2 py-2">{attempt.title}</td>
                    <td className="px-2 py-2">{attempt.submittedAt?.toISOString().slice(0, 16).replace("T", " ")} UTC</td>
                    <td className="px-2 py-2">{endedBy(attempt.id)}</td>
                    <td className="px-2 py-2">{score(attempt.scorePercent)}</td>
                    <td className="px-2 py-2">{attempt.passed ? "passed" : "not passed"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
        <Card title="Topic mastery">
          {covered.length ? <MasteryHeatMap learners={[{ userId: row.userId, name: row.name }]} topics={covered} cells={mastery} /> : <EmptyState title="No answers yet">Mastery shows once this learner answers questions.</EmptyState>}
        </Card>
      </div>
    </>
  );
}
