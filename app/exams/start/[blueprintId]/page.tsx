import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { requireArea } from "@/lib/auth/guards";
import { systemClock } from "@/lib/clock";
import { LATE_ANSWER_GRACE_MS } from "@/lib/exam/attempt";
import { loadExamCatalogue } from "@/lib/exam/service";
import { ButtonLink, Card } from "../../../_components/ui";
import { StartButton } from "./start-button";
import { loadAssignmentStatus, type AssignmentStatus } from "@/lib/cohorts/assignments";

export const metadata: Metadata = { title: "Start a mock exam" };
export const dynamic = "force-dynamic";

const MS_PER_SECOND = 1000;

export default async function StartExamPage({ params, searchParams }: { params: Promise<{ blueprintId: string }>; searchParams: Promise<{ assignment?: string }> }) {
  const user = await requireArea("learn");
  const { blueprintId } = await params;
  const { assignment: assignmentId } = await searchParams;
  const db = await getDb();
  const now = systemClock.now();
  const exam = (await loadExamCatalogue(db, user.id, now)).find((entry) => entry.id === blueprintId);
  if (!exam) notFound();
  // Started from a cohort assignment: its window and attempt limit decide whether Start is offered.
  const assigned = assignmentId && /^[0-9a-f-]{36}$/i.test(assignmentId) ? await loadAssignmentStatus(db, user.id, assignmentId, blueprintId, now) : undefined;
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-slate-500">
        <Link href="/exams" className="hover:underline">Mock exams</Link> › {exam.title}
      </nav>
      <h1 className="mb-6 text-2xl font-semibold tracking-tight sm:text-3xl">{exam.title}</h1>
      <div className="grid gap-6 lg:grid-cols-[1fr_20rem] lg:items-start">
        <Card>
          <div className="markdown" dangerouslySetInnerHTML={{ __html: exam.introHtml }} />
        </Card>
        <div className="space-y-6">
          <Card title="Before you start">
            <dl className="space-y-2 text-sm">
              <div className="flex justify-between"><dt>Questions</dt><dd className="tabular-nums">{exam.questionCount}</dd></div>
              {exam.taskCount ? <div className="flex justify-between"><dt>Hands-on tasks</dt><dd className="tabular-nums">{exam.taskCount}</dd></div> : null}
              <div className="flex justify-between">
                <dt>Time</dt>
                <dd className="tabular-nums">{exam.yourMinutes} {exam.yourMinutes === 1 ? "minute" : "minutes"}{exam.yourMinutes !== exam.durationMinutes ? ` (standard ${exam.durationMinutes}; your extra-time arrangement applies)` : ""}</dd>
              </div>
              <div className="flex justify-between"><dt>Pass mark</dt><dd className="tabular-nums">{exam.passMark} %</dd></div>
            </dl>
            <ul className="mt-4 list-disc space-y-1 pl-5 text-sm text-slate-600 dark:text-slate-400">
              <li>The clock starts when you press Start and keeps running if you close the page.</li>
              <li>Every answer is saved as you give it; you can reload or continue on another device.</li>
              <li>At the deadline the exam is submitted for you. Answers that reach the server more than {LATE_ANSWER_GRACE_MS / MS_PER_SECOND} seconds after it do not count.</li>
              <li>No feedback until you submit; then you get a full review.</li>
            </ul>
            <div className="mt-5">
              {assigned ? (
                <AssignedStart exam={exam.id} status={assigned} />
              ) : exam.openAttemptId ? (
                <ButtonLink href={`/exams/attempts/${exam.openAttemptId}`}>Resume your attempt</ButtonLink>
              ) : (
                <StartButton blueprintId={exam.id} label="Start the exam now" />
              )}
            </div>
          </Card>
          <Card title="Sections">
            <ul className="space-y-1 text-sm">
              {exam.sections.map((section) => (
                <li key={section.id} className="flex justify-between">
                  <span>{section.title}</span>
                  <span className="tabular-nums text-slate-500">{section.count} · {section.weight} %</span>
                </li>
              ))}
            </ul>
          </Card>
        </div>
      </div>
    </>
  );
}

function AssignedStart({ exam, status }: { exam: string; status: AssignmentStatus }) {
  const { assignment, attemptsUsed } = status;
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Assigned as <strong>{assignment.title}</strong> · due {assignment.closesAt.toISOString().slice(0, 16).replace("T", " ")} UTC
        {assignment.attemptsAllowed ? ` · attempt ${Math.min(attemptsUsed + 1, assignment.attemptsAllowed)} of ${assignment.attemptsAllowed}` : ""}
      </p>
      {status.openAttemptId ? (
        <ButtonLink href={`/exams/attempts/${status.openAttemptId}`}>Resume your attempt</ButtonLink>
      ) : status.refusal ? (
        <p role="status" className="text-sm text-rose-700 dark:text-rose-300">{status.refusal}</p>
      ) : (
        <StartButton blueprintId={exam} assignmentId={assignment.id} label="Start the assigned exam" />
      )}
    </div>
  );
}
