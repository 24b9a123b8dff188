import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { requireArea } from "@/lib/auth/guards";
import { loadLabCheckAnalyses, loadQuestionAnalyses } from "@/lib/cohorts/items";
import { cohortAccess } from "@/lib/cohorts/service";
import { Card, PageHeader } from "../../../../_components/ui";
import { LabCheckStatsTable, QuestionStatsTable } from "../../../_components/item-stats-tables";

export const metadata: Metadata = { title: "Item analysis" };

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
        <QuestionStatsTable
          rows={questions.value}
          emptyText="Statistics appear once learners in this cohort submit mock exams."
          hrefOf={(questionId) => `/teach/cohorts/${cohortId}/items/${encodeURIComponent(questionId)}`}
        />
      </Card>
      <Card title="Lab checks" className="mt-6">
        <LabCheckStatsTable rows={checks.value} emptyText="Each check's pass rate and discrimination against the lab score appear once labs are submitted." />
      </Card>
    </>
  );
}
