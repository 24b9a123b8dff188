import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/client";
import { requireArea } from "@/lib/auth/guards";
import { loadLabCheckAnalyses, loadQuestionAnalyses } from "@/lib/cohorts/items";
import { Card, EmptyState, PageHeader } from "../../_components/ui";

export const metadata: Metadata = { title: "Item analysis, all cohorts" };
export const dynamic = "force-dynamic";

const r = (value: number | null) => (value === null ? "—" : value.toFixed(2));
const share = (value: number | null) => (value === null ? "—" : `${Math.round(value * 100)} %`);

/** For authors: every learner's submitted exams and labs, whichever cohort (or none) they are in. */
export default async function AllItemsPage() {
  const admin = await requireArea("admin");
  const db = await getDb();
  const [questions, checks] = await Promise.all([loadQuestionAnalyses(db, admin, { all: true }), loadLabCheckAnalyses(db, admin, { all: true })]);
  const questionRows = questions.ok ? questions.value : [];
  const checkRows = checks.ok ? checks.value : [];
  const flagged = questionRows.filter((analysis) => analysis.stats.flags.length > 0).length;
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-3 text-sm text-slate-500 dark:text-slate-400">
        <Link href="/admin" className="hover:underline">Administration</Link> <span aria-hidden>›</span> Item analysis
      </nav>
      <PageHeader
        title="Item analysis across all cohorts"
        description={`${questionRows.length} questions answered in submitted mock exams, ${flagged} flagged. Facility is the share right; discrimination the point-biserial correlation with the exam total. Fix a flagged question in its Markdown file and re-import; regrade past attempts from a cohort's item page.`}
      />
      <div className="grid gap-6">
        <Card title="Exam questions">
          {questionRows.length === 0 ? (
            <EmptyState title="No submitted exam answers yet">Statistics appear once learners submit mock exams.</EmptyState>
          ) : (
            <div className="relative overflow-x-auto">
              <table className="w-full min-w-[40rem] text-left text-sm">
                <thead className="border-b border-slate-200 text-slate-600 dark:border-slate-800 dark:text-slate-400">
                  <tr>
                    <th scope="col" className="px-2 py-2">Question</th>
                    <th scope="col" className="px-2 py-2">Topic</th>
                    <th scope="col" className="px-2 py-2">Answers</th>
                    <th scope="col" className="px-2 py-2">Facility</th>
                    <th scope="col" className="px-2 py-2">Discrimination</th>
                    <th scope="col" className="px-2 py-2">Flags</th>
                  </tr>
                </thead>
                <tbody>
                  {questionRows.map((analysis) => (
                    <tr key={analysis.questionId} className="border-b border-slate-100 align-top dark:border-slate-800">
                      <td className="px-2 py-2 font-mono">{analysis.questionId}</td>
                      <td className="px-2 py-2">{analysis.topic}</td>
                      <td className="px-2 py-2 tabular-nums">{analysis.stats.respondents}</td>
                      <td className="px-2 py-2 tabular-nums">{share(analysis.stats.facility)}</td>
                      <td className={`px-2 py-2 tabular-nums ${analysis.stats.discrimination !== null && analysis.stats.discrimination < 0 ? "text-rose-700 dark:text-rose-300" : ""}`}>{r(analysis.stats.discrimination)}</td>
                      <td className="px-2 py-2 text-amber-800 dark:text-amber-300">{analysis.stats.flags.map((flag) => flag.message).join(" ") || "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Card>
        <Card title="Lab checks">
          {checkRows.length === 0 ? (
            <EmptyState title="No submitted labs yet">Each check's pass rate appears once labs are submitted.</EmptyState>
          ) : (
            <div className="relative overflow-x-auto">
              <table className="w-full min-w-[32rem] text-left text-sm">
                <thead className="border-b border-slate-200 text-slate-600 dark:border-slate-800 dark:text-slate-400">
                  <tr>
                    <th scope="col" className="px-2 py-2">Lab · check</th>
                    <th scope="col" className="px-2 py-2">Sessions</th>
                    <th scope="col" className="px-2 py-2">Passed</th>
                    <th scope="col" className="px-2 py-2">Discrimination</th>
                  </tr>
                </thead>
                <tbody>
                  {checkRows.map((check) => (
                    <tr key={`${check.labId}/${check.checkId}`} className="border-b border-slate-100 dark:border-slate-800">
                      <td className="px-2 py-2"><span className="font-mono">{check.labId}</span> · {check.description}</td>
                      <td className="px-2 py-2 tabular-nums">{check.stats.respondents}</td>
                      <td className="px-2 py-2 tabular-nums">{share(check.stats.facility)}</td>
                      <td className="px-2 py-2 tabular-nums">{r(check.stats.discrimination)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Card>
      </div>
    </>
  );
}
