import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { requireArea } from "@/lib/auth/guards";
import { loadLabCheckAnalyses, loadQuestionAnalyses } from "@/lib/cohorts/items";
import { cohortAccess } from "@/lib/cohorts/service";
import { Card, EmptyState, PageHeader } from "../../../../_components/ui";
import { percent } from "../../_components/format";

export const metadata: Metadata = { title: "Item analysis" };

const r = (value: number | null) => (value === null ? "—" : value.toFixed(2));

export default async function ItemAnalysisPage({ params }: { params: Promise<{ cohortId: string }> }) {
  const user = await requireArea("teach");
  const { cohortId } = await params;
  if (!/^[0-9a-f-]{36}$/i.test(cohortId)) notFound();
  const db = await getDb();
  const access = await cohortAccess(db, user, cohortId);
  if (!access.ok) notFound();
  const [questions, checks] = await Promise.all([loadQuestionAnalyses(db, user, { cohortId }), loadLabCheckAnalyses(db, user, { cohortId })]);
  if (!questions.ok || !checks.ok) notFound();
  return (
    <>
      <PageHeader
        title={`Item analysis · ${access.value.cohort.name}`}
        description="Facility is the share who got an item right; discrimination is the point-biserial correlation of the item with the exam total (below 0.2 separates learners poorly; below 0 suggests a wrong key). Flagged items come first."
        actions={
          <a className="rounded-lg border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800" href={`/teach/cohorts/${cohortId}/export/items`}>
            Item statistics CSV
          </a>
        }
      />
      <Card title="Exam questions">
        {questions.value.length === 0 ? (
          <EmptyState title="No submitted exam answers yet">Statistics appear once learners in this cohort submit mock exams.</EmptyState>
        ) : (
          <div className="relative overflow-x-auto">
            <table className="w-full text-left text-sm">
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
                {questions.value.map((analysis) => (
                  <tr key={analysis.questionId} className="border-b border-slate-100 align-top dark:border-slate-800">
                    <td className="px-2 py-2">
                      <Link href={`/teach/cohorts/${cohortId}/items/${analysis.questionId}`} className="font-mono text-brand-600 hover:underline">
                        {analysis.questionId}
                      </Link>
                    </td>
                    <td className="px-2 py-2">{analysis.topic}</td>
                    <td className="px-2 py-2">{analysis.stats.respondents}</td>
                    <td className="px-2 py-2">{percent(analysis.stats.facility)}</td>
                    <td className={`px-2 py-2 ${analysis.stats.discrimination !== null && analysis.stats.discrimination < 0 ? "text-rose-700 dark:text-rose-300" : ""}`}>{r(analysis.stats.discrimination)}</td>
                    <td className="px-2 py-2 text-amber-800 dark:text-amber-300">{analysis.stats.flags.map((flag) => flag.message).join(" ") || "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
      <Card title="Lab checks" className="mt-6">
        {checks.value.length === 0 ? (
          <EmptyState title="No submitted labs yet">Each check's pass rate and discrimination against the lab score appear once labs are submitted.</EmptyState>
        ) : (
          <table className="w-full text-left text-sm">
            <thead className="border-b border-slate-200 text-slate-600 dark:border-slate-800 dark:text-slate-400">
              <tr>
                <th scope="col" className="px-2 py-2">Lab · check</th>
                <th scope="col" className="px-2 py-2">Sessions</th>
                <th scope="col" className="px-2 py-2">Passed</th>
                <th scope="col" className="px-2 py-2">Discrimination</th>
              </tr>
            </thead>
            <tbody>
              {checks.value.map((check) => (
                <tr key={`${check.labId}/${check.checkId}`} className="border-b border-slate-100 dark:border-slate-800">
                  <td className="px-2 py-2">
                    <span className="font-mono">{check.labId}</span> · {check.description}
                  </td>
                  <td className="px-2 py-2">{check.stats.respondents}</td>
                  <td className="px-2 py-2">{percent(check.stats.facility)}</td>
                  <td className="px-2 py-2">{r(check.stats.discrimination)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </>
  );
}
