import type { Metadata } from "next";
import { getDb } from "@/db/client";
import { requireArea } from "@/lib/auth/guards";
import { systemClock } from "@/lib/clock";
import { examDomains } from "@/lib/content/topics";
import { loadDueSummary } from "@/lib/srs/service";
import { ButtonLink, Card, PageHeader } from "../_components/ui";
import { MockExamsSummary } from "../exams/_components/mock-exams-summary";
import { ExamPlan } from "../review/_components/exam-plan";

export const metadata: Metadata = { title: "Learn" };

export default async function LearnerHome() {
  const user = await requireArea("learn");
  const due = await loadDueSummary(await getDb(), user.id, systemClock.now());
  return (
    <>
      <PageHeader
        title={`Welcome, ${user.name.split(" ")[0]}`}
        description="Your study home: what to read, what to review today, and how close you are to exam-ready."
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card title="Today's review" className="lg:col-span-2">
          <DueToday summary={due} />
        </Card>
        <Card title="Your exam">
          <ExamPlan examDate={due.examDate} plan={due.plan} newPerDay={due.newLimit} />
        </Card>
        <Card title="Mock exams" className="lg:col-span-2">
          <MockExamsSummary userId={user.id} />
        </Card>
        <Card title="Exam domains">
          <ul className="space-y-2 text-sm">
            {examDomains.map((domain) => (
              <li key={domain.id} className="flex justify-between">
                <span>{domain.title}</span>
                <span className="tabular-nums text-slate-500 dark:text-slate-400">{domain.weight} % of the exam</span>
              </li>
            ))}
          </ul>
        </Card>
      </div>
    </>
  );
}

function DueToday({ summary }: { summary: Awaited<ReturnType<typeof loadDueSummary>> }) {
  const { counts, studied } = summary;
  const left = counts.learning + counts.review + counts.new;
  return (
    <div>
      <p className="text-sm" data-testid="due-today">
        <span className="text-3xl font-semibold tabular-nums">{left}</span> card{left === 1 ? "" : "s"} due today:{" "}
        {counts.review} to review, {counts.learning} in learning, {counts.new} new.
      </p>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        Done today: {studied.newCards} new, {studied.reviews} review{studied.reviews === 1 ? "" : "s"}.
      </p>
      <div className="mt-4 flex flex-wrap gap-3">
        <ButtonLink href="/review/study" variant={left > 0 ? "primary" : "secondary"}>{left > 0 ? "Start review" : "All done for today"}</ButtonLink>
        <ButtonLink href="/review/stats" variant="ghost">Statistics</ButtonLink>
      </div>
    </div>
  );
}
