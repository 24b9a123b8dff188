import type { Metadata } from "next";
import { requireArea } from "@/lib/auth/guards";
import { Card, EmptyState, PageHeader } from "../_components/ui";

export const metadata: Metadata = { title: "Teach" };

export default async function InstructorHome() {
  const user = await requireArea("teach");
  return (
    <>
      <PageHeader
        title="Your cohorts"
        description={`Signed in as ${user.name}. Run your groups of learners through the course and see who needs help.`}
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card title="Cohorts" className="lg:col-span-2">
          <EmptyState title="You have no cohorts yet">
            Each cohort you run appears here with its learners, what is assigned and due, and who is falling behind.
          </EmptyState>
        </Card>
        <Card title="Needs attention">
          <EmptyState title="No learners to watch">
            Learners who have been inactive, whose scores are falling, or whose review backlog is growing are listed here
            with the reason.
          </EmptyState>
        </Card>
        <Card title="Question quality" className="lg:col-span-3">
          <EmptyState title="No answers to analyse yet">
            Once your learners answer questions, the ones that look broken — too easy, too hard, or with a key the best
            learners reject — show up here.
          </EmptyState>
        </Card>
      </div>
    </>
  );
}
