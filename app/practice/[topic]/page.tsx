import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { listPracticeQuestionsByTopic } from "@/db/queries/practice";
import { requireArea } from "@/lib/auth/guards";
import { questionSchema } from "@/lib/content/schema";
import { renderMarkdown } from "@/lib/content/render";
import { isTopicId, topics } from "@/lib/content/topics";
import { pickNextPracticeQuestion } from "@/lib/exam/practice";
import { presentQuestion } from "@/lib/exam/redact";
import { seedFrom } from "@/lib/random";
import { EmptyState } from "../../_components/ui";
import { PracticeQuestion, type PracticeView } from "../practice-question";

export async function generateMetadata({ params }: { params: Promise<{ topic: string }> }): Promise<Metadata> {
  const { topic: topicId } = await params;
  const topic = topics.find((candidate) => candidate.id === topicId);
  return { title: topic ? `Practise ${topic.title}` : "Practice" };
}

export default async function PracticeTopicPage({
  params,
  searchParams,
}: {
  params: Promise<{ topic: string }>;
  searchParams: Promise<{ question?: string; after?: string }>;
}) {
  const user = await requireArea("learn");
  const { topic: topicId } = await params;
  if (!isTopicId(topicId)) notFound();
  const topic = topics.find((candidate) => candidate.id === topicId)!;
  const { question: requested, after } = await searchParams;
  const candidates = await listPracticeQuestionsByTopic(await getDb(), user.id, topicId);
  const answered = candidates.filter((candidate) => candidate.attempts).length;
  const mastered = candidates.filter((candidate) => candidate.lastScore === 1).length;
  const seed = seedFrom(`${user.id}:${after ?? ""}:${answered}`);
  const current = candidates.find((candidate) => candidate.questionId === requested) ?? pickNextPracticeQuestion(candidates, seed, after);

  const header = (
    <div className="mb-6">
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-slate-500"><Link href="/practice" className="hover:underline">Practice</Link> › {topic.title}</nav>
      <h1 className="text-2xl font-semibold tracking-tight">Practise {topic.title}</h1>
      <div className="mt-3 flex items-center gap-3 text-sm text-slate-600 dark:text-slate-400">
        <div className="h-2 w-48 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800" role="progressbar" aria-label="Questions answered right" aria-valuemin={0} aria-valuemax={candidates.length} aria-valuenow={mastered}>
          <div className="h-full bg-emerald-500" style={{ width: `${candidates.length ? (mastered / candidates.length) * 100 : 0}%` }} />
        </div>
        <span>{mastered} of {candidates.length} answered right · {answered} tried</span>
      </div>
    </div>
  );
  if (!current) {
    return (
      <>
        {header}
        <EmptyState title="No questions in this topic yet">Questions are written as Markdown in content/questions and imported at start.</EmptyState>
      </>
    );
  }
  const question = questionSchema.parse(current.body);
  const view = presentQuestion(question, seedFrom(`${user.id}:${question.id}`));
  const render = (markdown: string) => renderMarkdown(markdown).html;
  const practiceView: PracticeView =
    view.kind === "single" || view.kind === "multiple"
      ? { kind: view.kind, stemHtml: render(view.stem), options: view.options.map((option) => ({ key: option.key, html: render(option.text) })) }
      : view.kind === "ordering"
        ? { kind: "ordering", stemHtml: render(view.stem), items: view.items.map((item) => ({ position: item.position, html: render(item.text) })) }
        : { kind: view.kind, stemHtml: render(view.stem) };
  return (
    <>
      {header}
      <section className="rounded-xl border border-slate-200 bg-white p-6 dark:border-slate-800 dark:bg-slate-900" aria-label="Question">
        <p className="mb-3 text-xs uppercase tracking-wide text-slate-500">
          {question.difficulty} · {question.kind === "truefalse" ? "true or false" : question.kind === "short" ? "type the answer" : question.kind === "ordering" ? "put in order" : question.kind === "multiple" ? "several answers" : "one answer"}
        </p>
        <PracticeQuestion key={current.versionId} versionId={current.versionId} view={practiceView} nextHref={`/practice/${topicId}?after=${encodeURIComponent(question.id)}`} />
      </section>
    </>
  );
}
