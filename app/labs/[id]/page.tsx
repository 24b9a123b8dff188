import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { requireArea } from "@/lib/auth/guards";
import { renderMarkdown } from "@/lib/content/render";
import { topics } from "@/lib/content/topics";
import { openLabSession } from "@/lib/labs/sessions";
import { Markdown } from "../../_components/markdown";
import { DifficultyBadge } from "../difficulty-badge";
import { LabWorkspace } from "./lab-workspace";

export const metadata: Metadata = { title: "Lab" };

export default async function LabPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireArea("learn");
  const { id } = await params;
  const opened = await openLabSession(await getDb(), user.id, id);
  if (!opened.ok) notFound();
  const { lab, session, lastGrade } = opened.value;
  const topic = topics.find((t) => t.id === lab.topic)?.title ?? lab.topic;
  // Hints already asked for in this session are shown again after a reload; the rest stay on the server.
  const hintsHtml = session.hints.map((hint) => renderMarkdown(hint).html);
  return (
    <LabWorkspace
      labId={lab.id}
      hintCount={lab.hintCount}
      initial={{ ...session, hints: [] }}
      initialHintsHtml={hintsHtml}
      lastScore={lastGrade ? { score: lastGrade.score, total: lastGrade.total } : null}
    >
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500 dark:text-slate-400">
        <Link href="/labs" className="hover:text-brand-700 hover:underline dark:hover:text-brand-100">
          Labs
        </Link>
        <span aria-hidden="true"> / </span>
        <span>{topic}</span>
      </nav>
      <h1 id="lab-title" className="mt-1 text-2xl font-bold tracking-tight">
        {lab.title}
      </h1>
      <ul aria-label="About this lab" className="mt-3 flex flex-wrap items-center gap-2 text-xs">
        <li>
          <DifficultyBadge difficulty={lab.difficulty} />
        </li>
        <li className="rounded-full bg-slate-100 px-2 py-0.5 font-medium text-slate-700 dark:bg-slate-800 dark:text-slate-300">{lab.points} points</li>
        <li className="rounded-full bg-slate-100 px-2 py-0.5 font-medium text-slate-700 dark:bg-slate-800 dark:text-slate-300">about {lab.estimateMinutes} min</li>
      </ul>
      <Markdown source={lab.task} className="mt-4" />
    </LabWorkspace>
  );
}
