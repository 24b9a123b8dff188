import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/client";
import { requireArea } from "@/lib/auth/guards";
import { listCohortsForStaff } from "@/lib/cohorts/service";
import { Card, EmptyState, PageHeader } from "../../_components/ui";
import { createCohortAction } from "./actions";
import { ActionForm } from "./_components/action-form";
import { inputClass } from "./_components/format";

export const metadata: Metadata = { title: "Cohorts" };

export default async function CohortsPage() {
  const user = await requireArea("teach");
  const cohorts = await listCohortsForStaff(await getDb(), user);
  return (
    <>
      <PageHeader
        title="Cohorts"
        description="Groups of learners you run through the course: invite them with a join code, assign work, and watch their progress."
        actions={
          <Link className="rounded-lg border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800" href="/teach/cohorts/monitor">
            Live exams
          </Link>
        }
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card title={user.role === "admin" ? "All cohorts" : "Your cohorts"} className="lg:col-span-2">
          {cohorts.length === 0 ? (
            <EmptyState title="No cohorts yet">Create one on the right; you will get a join code to hand to your learners.</EmptyState>
          ) : (
            <ul className="divide-y divide-slate-200 dark:divide-slate-800">
              {cohorts.map((cohort) => (
                <li key={cohort.id} className="flex flex-wrap items-center justify-between gap-2 py-3">
                  <div>
                    <Link href={`/teach/cohorts/${cohort.id}`} className="font-medium text-brand-600 hover:underline">
                      {cohort.name}
                    </Link>
                    {cohort.description ? <p className="text-sm text-slate-600 dark:text-slate-400">{cohort.description}</p> : null}
                  </div>
                  <span className="text-sm text-slate-600 dark:text-slate-400">
                    {cohort.learners} {cohort.learners === 1 ? "learner" : "learners"}
                    {cohort.role ? ` · ${cohort.role}` : ""}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title="New cohort">
          <ActionForm action={createCohortAction} submit="Create cohort" className="grid gap-3">
            <label className="grid gap-1 text-sm">
              Name
              <input name="name" required maxLength={120} className={inputClass} />
            </label>
            <label className="grid gap-1 text-sm">
              Description (optional)
              <textarea name="description" rows={2} maxLength={1000} className={inputClass} />
            </label>
          </ActionForm>
        </Card>
      </div>
    </>
  );
}
