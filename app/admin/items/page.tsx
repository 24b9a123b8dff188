import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/client";
import { requireArea } from "@/lib/auth/guards";
import { loadLabCheckAnalyses, loadQuestionAnalyses } from "@/lib/cohorts/items";
import { Card, PageHeader } from "../../_components/ui";
import { LabCheckStatsTable, QuestionStatsTable } from "../../teach/_components/item-stats-tables";

export const metadata: Metadata = { title: "Item analysis, all cohorts" };
export const dynamic = "force-dynamic";

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
          <QuestionStatsTable rows={questionRows} emptyText="Statistics appear once learners submit mock exams." />
        </Card>
        <Card title="Lab checks">
          <LabCheckStatsTable rows={checkRows} emptyText="Each check's pass rate appears once labs are submitted." />
        </Card>
      </div>
    </>
  );
}
