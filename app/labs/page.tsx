import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/client";
import { listLabsWithScoresByUser } from "@/db/queries/labs";
import { requireArea } from "@/lib/auth/guards";
import { topics } from "@/lib/content/topics";
import { EmptyState, PageHeader } from "../_components/ui";
import { DifficultyBadge } from "./difficulty-badge";

export const metadata: Metadata = { title: "Labs" };

function BestScore({ best }: { best: number | null }) {
  if (best === null) return <p className="text-sm text-slate-500 dark:text-slate-400">Not submitted yet</p>;
  const percent = Math.round(best * 100);
  return (
    <div>
      <p className="text-sm font-medium">
        Best: <span className={percent === 100 ? "text-emerald-700 dark:text-emerald-300" : ""}>{percent} %</span>
      </p>
      <div className="mt-1 h-1.5 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800" aria-hidden="true">
        <div className={`h-full rounded-full ${percent === 100 ? "bg-emerald-500" : "bg-brand-500"}`} style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}

export default async function LabsIndex() {
  const user = await requireArea("learn");
  const labs = await listLabsWithScoresByUser(await getDb(), user.id);
  const byTopic = topics.map((topic) => ({ topic, labs: labs.filter((lab) => lab.topic === topic.id) })).filter((group) => group.labs.length > 0);
  const done = labs.filter((lab) => lab.best === 1).length;
  return (
    <>
      <PageHeader
        title="Labs"
        description="Hands-on tasks in a terminal against a simulated OpenStack cloud. Practise freely: your work is kept until you reset or submit, and grading looks only at the cloud's end state."
        actions={
          labs.length > 0 ? (
            <p className="text-sm text-slate-600 dark:text-slate-400">
              {done} of {labs.length} labs solved with full marks
            </p>
          ) : undefined
        }
      />
      {byTopic.length === 0 ? (
        <EmptyState title="No labs imported">Labs are Markdown files under content/labs, imported when the server starts.</EmptyState>
      ) : (
        byTopic.map(({ topic, labs: group }) => (
          <section key={topic.id} className="mb-10" aria-labelledby={`topic-${topic.id}`}>
            <h2 id={`topic-${topic.id}`} className="mb-3 flex items-baseline gap-2 text-lg font-semibold">
              {topic.title}
              <span className="text-sm font-normal text-slate-500 dark:text-slate-400">
                {group.length} {group.length === 1 ? "lab" : "labs"}
              </span>
            </h2>
            <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
              {group.map((lab) => (
                <li key={lab.id}>
                  <Link
                    href={`/labs/${lab.id}`}
                    className="flex h-full flex-col gap-3 rounded-xl border border-slate-200 bg-white p-5 shadow-sm transition hover:border-brand-500 focus-visible:border-brand-500 dark:border-slate-800 dark:bg-slate-900 dark:hover:border-brand-500"
                  >
                    <p className="font-semibold">{lab.title}</p>
                    <p className="flex flex-wrap items-center gap-2 text-xs text-slate-600 dark:text-slate-400">
                      <DifficultyBadge difficulty={lab.difficulty} />
                      <span>{lab.points} points</span>
                      <span aria-hidden="true">·</span>
                      <span>about {lab.estimateMinutes} min</span>
                      {lab.inProgress && (
                        <span className="rounded-full bg-sky-100 px-2 py-0.5 font-medium text-sky-800 dark:bg-sky-900/50 dark:text-sky-200">in progress</span>
                      )}
                    </p>
                    <div className="mt-auto">
                      <BestScore best={lab.best} />
                    </div>
                  </Link>
                </li>
              ))}
            </ul>
          </section>
        ))
      )}
    </>
  );
}
