import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { requireArea } from "@/lib/auth/guards";
import { loadQuestionAnalysis } from "@/lib/cohorts/items";
import { loadStandingRegrade } from "@/lib/cohorts/regrade";
import { Markdown } from "../../../../../_components/markdown";
import { Card, PageHeader } from "../../../../../_components/ui";
import { duration, percent } from "../../../_components/format";
import { RegradeCard } from "../../../_components/regrade-card";

export const metadata: Metadata = { title: "Question statistics" };

export default async function QuestionAnalysisPage({ params }: { params: Promise<{ cohortId: string; questionId: string }> }) {
  const user = await requireArea("teach");
  const { cohortId, questionId } = await params;
  if (!/^[0-9a-f-]{36}$/i.test(cohortId)) notFound();
  const db = await getDb();
  const loaded = await loadQuestionAnalysis(db, user, { cohortId }, decodeURIComponent(questionId));
  if (!loaded.ok) notFound();
  const standing = await loadStandingRegrade(db, user, { cohortId, questionId: loaded.value.analysis.questionId });
  // Under a re-key the ticks follow the key this cohort is scored with, not the one the author wrote.
  const rekey = standing.ok && standing.value?.regrade.mode === "rekey" ? standing.value.regrade.key : null;
  const keyed = (option: { key: string; correct: boolean }) =>
    rekey?.kind === "single" ? rekey.option === option.key : rekey?.kind === "multiple" ? rekey.options.includes(option.key) : option.correct;
  const { analysis, question } = loaded.value;
  const { stats } = analysis;
  const optionText = new Map(question && (question.kind === "single" || question.kind === "multiple") ? question.options.map((option) => [option.key, option.text]) : []);
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-3 text-sm text-slate-500 dark:text-slate-400">
        <Link href={`/teach/cohorts/${cohortId}/items`} className="hover:underline">Item analysis</Link> <span aria-hidden>›</span> {analysis.questionId}
      </nav>
      <PageHeader title={`Question ${analysis.questionId}`} description={`${analysis.topic} · ${analysis.kind ?? "unknown kind"}`} />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card title="Stem" className="lg:col-span-2">
          {question ? <Markdown source={question.stem} /> : <p>This question's current text could not be read.</p>}
        </Card>
        <Card title="Statistics">
          <dl className="grid grid-cols-2 gap-2 text-sm">
            <dt>Exam answers</dt>
            <dd>{stats.respondents}</dd>
            <dt>Facility</dt>
            <dd>{percent(stats.facility)}</dd>
            <dt>Discrimination</dt>
            <dd>{stats.discrimination === null ? "—" : stats.discrimination.toFixed(3)}</dd>
            <dt>Top {stats.topGroupSize} scorers right</dt>
            <dd>{percent(stats.topFacility)}</dd>
            <dt>Practice answers</dt>
            <dd>
              {analysis.practiceAnswers}{analysis.practiceAnswers ? ` (${percent(analysis.practiceFacility)} right)` : ""}
            </dd>
            <dt>Mean time (practice)</dt>
            <dd>{stats.meanTimeMs === null ? "—" : stats.meanTimeMs < 60_000 ? `${Math.round(stats.meanTimeMs / 1000)} s` : duration(stats.meanTimeMs)}</dd>
          </dl>
          {stats.flags.length ? (
            <ul className="mt-3 space-y-1 text-sm text-amber-800 dark:text-amber-300">
              {stats.flags.map((flag) => (
                <li key={flag.message}>⚑ {flag.message}</li>
              ))}
            </ul>
          ) : null}
        </Card>
        {stats.options.length ? (
          <Card title="How often each option was chosen" className="lg:col-span-3">
            <ul className="space-y-2 text-sm">
              {stats.options.map((option) => (
                <li key={option.key} className="grid grid-cols-[2rem_1fr_8rem] items-center gap-2">
                  <span className={`font-mono ${keyed(option) ? "font-bold text-emerald-700 dark:text-emerald-400" : ""}`}>{option.key}{keyed(option) ? "✓" : ""}</span>
                  <span>
                    <span className="block truncate">{optionText.get(option.key) ?? option.key}</span>
                    <span className="mt-1 block h-2 rounded bg-slate-100 dark:bg-slate-800">
                      <span className={`block h-2 rounded ${keyed(option) ? "bg-emerald-500" : "bg-slate-400 dark:bg-slate-500"}`} style={{ width: `${Math.round(option.share * 100)}%` }} />
                    </span>
                  </span>
                  <span>
                    {option.count} ({percent(option.share)}) · top {percent(option.topShare)}
                  </span>
                </li>
              ))}
            </ul>
          </Card>
        ) : null}
        {question ? <RegradeCard cohortId={cohortId} question={question} standing={standing.ok ? standing.value : null} /> : null}
      </div>
    </>
  );
}
