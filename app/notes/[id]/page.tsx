import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { upsertNoteReadByUserAndNote } from "@/db/queries/cohorts";
import { getNoteById, listNotesByTopic } from "@/db/queries/content";
import { getNoteTitlesByIds } from "@/db/queries/reading";
import { listCourseCardIdsByNoteIds } from "@/db/queries/srs";
import { requireArea } from "@/lib/auth/guards";
import { topics } from "@/lib/content/topics";
import { Markdown } from "../../_components/markdown";
import { AddToFlashcards } from "../../review/_components/add-to-flashcards";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const note = await getNoteById(await getDb(), (await params).id);
  return { title: note?.title ?? "Note not found" };
}

export default async function NotePage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireArea("learn");
  const { id } = await params;
  const db = await getDb();
  const note = await getNoteById(db, id);
  if (!note) notFound();
  // Recorded for the cohort dashboard's "notes read" (issue 8): one upsert per view.
  await upsertNoteReadByUserAndNote(db, user.id, note.id, new Date());
  const [prerequisites, all, noteCards] = await Promise.all([getNoteTitlesByIds(db, note.prerequisites), listNotesByTopic(db), listCourseCardIdsByNoteIds(db, [note.id])]);
  const topic = topics.find((candidate) => candidate.id === note.topic);
  const siblings = all.filter((candidate) => candidate.topic === note.topic);
  const position = siblings.findIndex((candidate) => candidate.id === note.id);
  const previous = siblings[position - 1];
  const next = siblings[position + 1];
  return (
    <div className="grid gap-10 lg:grid-cols-[minmax(0,1fr)_15rem]">
      <article>
        <nav aria-label="Breadcrumb" className="mb-3 text-sm text-slate-500 dark:text-slate-400">
          <Link href="/notes" className="hover:underline">Notes</Link> <span aria-hidden>›</span> {topic?.title ?? note.topic}
        </nav>
        <h1 className="text-3xl font-semibold tracking-tight">{note.title}</h1>
        <p className="mt-2 text-lg text-slate-600 dark:text-slate-400">{note.summary}</p>
        {prerequisites.length > 0 ? (
          <p className="mt-3 text-sm text-slate-600 dark:text-slate-400">
            Read first:{" "}
            {prerequisites.map((prerequisite, index) => (
              <span key={prerequisite.id}>
                {index > 0 ? ", " : null}
                <Link href={`/notes/${prerequisite.id}`} className="font-medium text-brand-600 hover:underline">{prerequisite.title}</Link>
              </span>
            ))}
          </p>
        ) : null}
        <Markdown source={note.body} className="mt-8" />
        <div className="mt-10 flex flex-wrap items-center justify-between gap-3 border-t border-slate-200 pt-6 dark:border-slate-800">
          {previous ? <Link href={`/notes/${previous.id}`} className="text-sm text-brand-600 hover:underline">← {previous.title}</Link> : <span />}
          {next ? <Link href={`/notes/${next.id}`} className="text-sm text-brand-600 hover:underline">{next.title} →</Link> : null}
        </div>
      </article>
      <aside className="space-y-6 lg:sticky lg:top-6 lg:self-start">
        <Link href={`/practice/${note.topic}`} className="block rounded-lg bg-brand-600 px-4 py-2 text-center text-sm font-medium text-white hover:bg-brand-700">
          Practise this topic
        </Link>
        {noteCards.length > 0 ? (
          <div className="text-sm">
            <p className="mb-2 text-slate-600 dark:text-slate-400">This note has {noteCards.length} flashcard{noteCards.length === 1 ? "" : "s"}.</p>
            <AddToFlashcards noteId={note.id} label="Study its cards next" />
          </div>
        ) : null}
        {note.toc.length > 0 ? (
          <nav aria-label="On this page" className="text-sm">
            <p className="mb-2 font-semibold">On this page</p>
            <ul className="space-y-1.5">
              {note.toc.map((entry) => (
                <li key={entry.id} className={entry.depth === 3 ? "pl-3" : undefined}>
                  <a href={`#${entry.id}`} className="text-slate-600 hover:text-brand-600 dark:text-slate-400">{entry.text}</a>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
      </aside>
    </div>
  );
}
