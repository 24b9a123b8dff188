import Link from "next/link";
import { getDb } from "@/db/client";
import { listCohortAssignmentsByMember, listCohortsByMember } from "@/db/queries/cohorts";
import { requireArea } from "@/lib/auth/guards";
import { Card, EmptyState, PageHeader } from "../../_components/ui";
import { JoinForm } from "./join-form";

const assignmentHref = (kind: string, id: string, assignmentId: string) => (kind === "exam" ? `/exams/start/${id}?assignment=${assignmentId}` : kind === "labs" ? `/labs/${id}` : "/review/decks");

export async function CohortsAndAssignments({ code }: { code?: string }) {
  const user = await requireArea("learn");
  const db = await getDb();
  const now = new Date();
  const [cohorts, assignments] = await Promise.all([listCohortsByMember(db, user.id), listCohortAssignmentsByMember(db, user.id, now)]);
  return (
    <>
      <PageHeader title="Your cohorts" description="Join your instructor's cohort with the code they gave you; what they assign shows up here with its due time." />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Join a cohort">
          <JoinForm code={code} />
          {cohorts.length ? (
            <ul className="mt-4 space-y-1 text-sm">
              {cohorts.map((cohort) => (
                <li key={cohort.id}>
                  <strong>{cohort.name}</strong> <span className="text-slate-500 dark:text-slate-400">since {cohort.joinedAt.toISOString().slice(0, 10)}</span>
                </li>
              ))}
            </ul>
          ) : null}
        </Card>
        <Card title="Assigned to you">
          {assignments.length === 0 ? (
            <EmptyState title="Nothing assigned">Work your instructors assign appears here until it closes.</EmptyState>
          ) : (
            <ul className="space-y-3 text-sm">
              {assignments.map(({ assignment, cohortName }) => (
                <li key={assignment.id}>
                  <p className="font-medium">
                    {assignment.title} <span className="text-slate-500 dark:text-slate-400">· {cohortName}</span>
                  </p>
                  <p className="text-slate-600 dark:text-slate-400">
                    {assignment.opensAt > now ? `Opens ${assignment.opensAt.toISOString().slice(0, 16).replace("T", " ")} UTC · ` : ""}
                    Due {assignment.closesAt.toISOString().slice(0, 16).replace("T", " ")} UTC
                    {assignment.attemptsAllowed ? ` · ${assignment.attemptsAllowed} ${assignment.attemptsAllowed === 1 ? "attempt" : "attempts"}` : ""}
                  </p>
                  {assignment.opensAt <= now ? (
                    <p className="mt-1 flex flex-wrap gap-3">
                      {assignment.targetIds.map((id) => (
                        <Link key={id} href={assignmentHref(assignment.kind, id, assignment.id)} className="text-brand-600 hover:underline">
                          {assignment.kind === "decks" ? `Review ${id}` : `Open ${id}`}
                        </Link>
                      ))}
                    </p>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}
