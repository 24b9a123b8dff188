import Link from "next/link";
import type { ExamProjection } from "@/lib/srs";

const longDate = (key: string) => new Date(`${key}T12:00:00Z`).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

/** The exam-date projection in words: days left, whether the current pace covers every card, and what would. */
export function ExamPlan({ examDate, plan, newPerDay }: { examDate: string | null; plan: ExamProjection | null; newPerDay: number }) {
  if (!examDate || !plan) {
    return (
      <p className="text-sm text-slate-600 dark:text-slate-400">
        No exam date set. <Link href="/review/settings#exam" className="font-medium text-brand-600 hover:underline dark:text-brand-400">Set it</Link> to see whether your pace will cover every card in time.
      </p>
    );
  }
  if (plan.daysLeft <= 0) {
    return <p className="text-sm text-slate-600 dark:text-slate-400">Your exam date ({longDate(examDate)}) has passed. Set the next one in settings.</p>;
  }
  return (
    <div className="space-y-2 text-sm">
      <p>
        <span className="text-2xl font-semibold tabular-nums">{plan.daysLeft}</span> day{plan.daysLeft === 1 ? "" : "s"} to your exam on {longDate(examDate)}.
      </p>
      <p className={plan.onTrack ? "text-emerald-700 dark:text-emerald-300" : "text-amber-700 dark:text-amber-300"} data-testid="exam-verdict">
        {plan.onTrack
          ? plan.finishDate
            ? `On track: at ${newPerDay} new cards a day you meet the last one on ${longDate(plan.finishDate)}.`
            : "On track: you have met every card; keep up with your reviews."
          : `Behind: at ${newPerDay} new cards a day, ${plan.unseenAtExam} card${plan.unseenAtExam === 1 ? "" : "s"} would still be unseen on exam day. ${plan.neededNewPerDay} a day would cover them all with a week left for review.`}
      </p>
      <p className="text-slate-600 dark:text-slate-400">
        Keeping up with reviews, expect to recall about {Math.round(plan.expectedKnownShare * 100)} % of the whole deck on the day
        {plan.recallIfIdle !== null ? `; with no more reviews, the cards you have studied would be at ${Math.round(plan.recallIfIdle * 100)} %.` : "."}
      </p>
    </div>
  );
}
