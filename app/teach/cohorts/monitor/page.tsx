import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/client";
import { requireArea } from "@/lib/auth/guards";
import { listLiveAttempts } from "@/lib/cohorts/monitor";
import { Card, EmptyState, PageHeader } from "../../../_components/ui";
import { closeAttemptAction, extendAttemptAction } from "../actions";
import { ActionForm } from "../_components/action-form";
import { inputClass } from "../_components/format";

export const metadata: Metadata = { title: "Live exam monitor" };
export const dynamic = "force-dynamic";

function timeLeft(ms: number): string {
  if (ms <= 0) return "time up";
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.floor((ms % 60_000) / 1000);
  return minutes >= 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes} min ${String(seconds).padStart(2, "0")} s`;
}

export default async function MonitorPage() {
  const user = await requireArea("teach");
  const now = new Date();
  const live = await listLiveAttempts(await getDb(), user, now);
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-3 text-sm text-slate-500 dark:text-slate-400">
        <Link href="/teach/cohorts" className="hover:underline">Cohorts</Link> <span aria-hidden>›</span> Live exams
      </nav>
      <PageHeader
        title="Live exam monitor"
        description={`Exams in progress in ${user.role === "admin" ? "every cohort" : "your cohorts"}, as of ${now.toISOString().slice(11, 19)} UTC. Reload for fresh times; every extension and early close is logged on the cohort's page.`}
      />
      <Card title={`${live.length} in progress`}>
        {live.length === 0 ? (
          <EmptyState title="No exam running">When a learner in one of your cohorts starts a mock exam it appears here with its time left.</EmptyState>
        ) : (
          <div className="relative overflow-x-auto">
            <table className="w-full min-w-[48rem] text-left text-sm">
              <thead className="border-b border-slate-200 text-slate-600 dark:border-slate-800 dark:text-slate-400">
                <tr>
                  <th scope="col" className="px-2 py-2 font-medium">Learner</th>
                  <th scope="col" className="px-2 py-2 font-medium">Cohort</th>
                  <th scope="col" className="px-2 py-2 font-medium">Exam</th>
                  <th scope="col" className="px-2 py-2 font-medium">Deadline (UTC)</th>
                  <th scope="col" className="px-2 py-2 font-medium">Time left</th>
                  <th scope="col" className="px-2 py-2 font-medium"><span className="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                {live.map((attempt) => (
                  <tr key={`${attempt.attemptId}:${attempt.cohortId}`} className="border-b border-slate-100 align-top dark:border-slate-800" data-testid="live-attempt">
                    <td className="px-2 py-2 font-medium">
                      <Link href={`/teach/cohorts/${attempt.cohortId}/learners/${attempt.userId}`} className="text-brand-600 hover:underline">{attempt.learnerName}</Link>
                    </td>
                    <td className="px-2 py-2">{attempt.cohortName}</td>
                    <td className="px-2 py-2">{attempt.title}</td>
                    <td className="px-2 py-2 tabular-nums">{attempt.deadlineAt.toISOString().slice(11, 16)}</td>
                    <td className={`px-2 py-2 tabular-nums ${attempt.remainingMs < 5 * 60_000 ? "text-rose-700 dark:text-rose-300" : ""}`}>{timeLeft(attempt.remainingMs)}</td>
                    <td className="space-y-2 px-2 py-2">
                      <ActionForm action={extendAttemptAction} submit="Extend" variant="secondary">
                        <input type="hidden" name="cohortId" value={attempt.cohortId} />
                        <input type="hidden" name="attemptId" value={attempt.attemptId} />
                        <label className="flex items-center gap-1">
                          <span className="sr-only">Minutes to add for {attempt.learnerName}</span>
                          <input name="minutes" type="number" min={1} max={240} defaultValue={10} className={`${inputClass} w-20`} />
                          <span aria-hidden>min</span>
                        </label>
                      </ActionForm>
                      <ActionForm action={closeAttemptAction} submit="Close now" variant="secondary">
                        <input type="hidden" name="cohortId" value={attempt.cohortId} />
                        <input type="hidden" name="attemptId" value={attempt.attemptId} />
                      </ActionForm>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </>
  );
}
