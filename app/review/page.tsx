import type { Metadata } from "next";
import { getDb } from "@/db/client";
import { getSrsSettingsByUser } from "@/db/queries/srs";
import { requireArea } from "@/lib/auth/guards";
import { systemClock } from "@/lib/clock";
import { loadDueSummary } from "@/lib/srs/service";
import { ButtonLink, Card, PageHeader } from "../_components/ui";
import { ExamPlan } from "./_components/exam-plan";
import { TimeZonePrompt } from "./_components/time-zone-prompt";

export const metadata: Metadata = { title: "Review" };

export default async function ReviewHome() {
  const user = await requireArea("learn");
  const db = await getDb();
  const [summary, stored] = await Promise.all([loadDueSummary(db, user.id, systemClock.now()), getSrsSettingsByUser(db, user.id)]);
  const { counts, studied } = summary;
  const left = counts.learning + counts.review + counts.new;
  return (
    <>
      <PageHeader
        title="Flashcards"
        description="Spaced repetition with FSRS: each card comes back when you are about to forget it. A few minutes a day keeps the whole course in memory."
        actions={left > 0 ? <ButtonLink href="/review/study">Study now ({left})</ButtonLink> : null}
      />
      {stored ? null : <TimeZonePrompt current={summary.timeZone} dayStartHour={summary.dayStartHour} />}
      <div className="grid gap-6 lg:grid-cols-3">
        <Card title="Due today" className="lg:col-span-2">
          <dl className="grid grid-cols-3 gap-4 text-center">
            {[
              { label: "New", value: counts.new, tone: "text-sky-700 dark:text-sky-300" },
              { label: "Learning", value: counts.learning, tone: "text-rose-700 dark:text-rose-300" },
              { label: "To review", value: counts.review, tone: "text-emerald-700 dark:text-emerald-300" },
            ].map((item) => (
              <div key={item.label} className="rounded-lg bg-slate-50 p-3 dark:bg-slate-800/60">
                <dt className="text-xs uppercase tracking-wide text-slate-500 dark:text-slate-400">{item.label}</dt>
                <dd className={`text-3xl font-semibold tabular-nums ${item.tone}`}>{item.value}</dd>
              </div>
            ))}
          </dl>
          <p className="mt-4 text-sm text-slate-600 dark:text-slate-400">
            {left === 0 ? "Nothing left for today. " : null}
            Today so far: {studied.newCards} new card{studied.newCards === 1 ? "" : "s"} of {summary.newLimit}, {studied.reviews} review{studied.reviews === 1 ? "" : "s"}.
          </p>
          <div className="mt-4 flex flex-wrap gap-3">
            <ButtonLink href="/review/study" variant={left > 0 ? "primary" : "secondary"}>{left > 0 ? "Start today's review" : "Check again"}</ButtonLink>
            <ButtonLink href="/review/decks" variant="secondary">Study one topic</ButtonLink>
          </div>
        </Card>
        <Card title="Your exam">
          <ExamPlan examDate={summary.examDate} plan={summary.plan} newPerDay={summary.newLimit} />
        </Card>
      </div>
    </>
  );
}
