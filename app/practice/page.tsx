import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/client";
import { summarizePracticeByUser } from "@/db/queries/practice";
import { countQuestionsByTopic } from "@/db/queries/reading";
import { requireArea } from "@/lib/auth/guards";
import { topics } from "@/lib/content/topics";
import { EmptyState, PageHeader } from "../_components/ui";

export const metadata: Metadata = { title: "Practice" };

export default async function PracticeIndex() {
  const user = await requireArea("learn");
  const db = await getDb();
  const [counts, mine] = await Promise.all([countQuestionsByTopic(db), summarizePracticeByUser(db, user.id)]);
  const available = topics.filter((topic) => counts.get(topic.id));
  return (
    <>
      <PageHeader title="Practice" description="Untimed drills, one topic at a time, with the answer and an explanation after each question. Questions you got wrong come back first." />
      {available.length === 0 ? (
        <EmptyState title="No questions imported">Question banks are Markdown files under content/questions, imported when the server starts.</EmptyState>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {available.map((topic) => {
            const total = counts.get(topic.id) ?? 0;
            const progress = mine.find((entry) => entry.topic === topic.id);
            return (
              <li key={topic.id}>
                <Link href={`/practice/${topic.id}`} className="block h-full rounded-xl border border-slate-200 bg-white p-5 hover:border-brand-500 dark:border-slate-800 dark:bg-slate-900">
                  <p className="font-semibold">{topic.title}</p>
                  <p className="mt-1 text-sm text-slate-500 dark:text-slate-400">{total} questions</p>
                  <p className="mt-3 text-sm">
                    {progress ? `${progress.answered} answered · ${Math.round(progress.meanScore * 100)} % right on the last try` : "Not started"}
                  </p>
                </Link>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
