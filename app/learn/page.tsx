import type { Metadata } from "next";
import { requireArea } from "@/lib/auth/guards";
import { examDomains } from "@/lib/content/topics";
import { Card, EmptyState, PageHeader } from "../_components/ui";

export const metadata: Metadata = { title: "Learn" };

export default async function LearnerHome() {
  const user = await requireArea("learn");
  return (
    <>
      <PageHeader
        title={`Welcome, ${user.name.split(" ")[0]}`}
        description="Your study home: what to read, what to review today, and how close you are to exam-ready."
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card title="Today's review" className="lg:col-span-2">
          <EmptyState title="Nothing to review yet">
            Flashcards you study are scheduled here, a few each day, at the moment you are about to forget them.
          </EmptyState>
        </Card>
        <Card title="Your exam">
          <EmptyState title="No exam date set">
            Once you set the date of your exam, this shows how many days are left and whether your pace will cover
            every topic by then.
          </EmptyState>
        </Card>
        <Card title="Mock exams" className="lg:col-span-2">
          <EmptyState title="No attempts yet">
            Your timed mock exams appear here with their scores, the pass mark, and your weakest topics.
          </EmptyState>
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
