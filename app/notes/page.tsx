import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/client";
import { listNotesByTopic } from "@/db/queries/content";
import { countQuestionsByTopic } from "@/db/queries/reading";
import { requireArea } from "@/lib/auth/guards";
import { topics } from "@/lib/content/topics";
import { EmptyState, PageHeader } from "../_components/ui";
import { SearchForm } from "../search/search-form";

export const metadata: Metadata = { title: "Notes" };

export default async function NotesIndex() {
  await requireArea("learn");
  const db = await getDb();
  const [notes, questionCounts] = await Promise.all([listNotesByTopic(db), countQuestionsByTopic(db)]);
  const byTopic = topics.map((topic) => ({ topic, notes: notes.filter((note) => note.topic === topic.id) }));
  return (
    <>
      <PageHeader
        title="Concept notes"
        description="Everything the exam covers, topic by topic, checked against today's openstack client. Each topic links to questions to practise it."
        actions={<SearchForm />}
      />
      {notes.length === 0 ? (
        <EmptyState title="No notes imported">
          The notes are Markdown files under content/notes; they are imported when the server starts (npm start) or
          with npm run content:import.
        </EmptyState>
      ) : (
        <div className="grid gap-6 md:grid-cols-2">
          {byTopic
            .filter((entry) => entry.notes.length > 0)
            .map(({ topic, notes: topicNotes }) => (
              <section key={topic.id} aria-labelledby={`topic-${topic.id}`} className="rounded-xl border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900">
                <div className="flex items-baseline justify-between gap-2">
                  <h2 id={`topic-${topic.id}`} className="font-semibold">{topic.title}</h2>
                  {questionCounts.get(topic.id) ? (
                    <Link href={`/practice/${topic.id}`} className="text-sm font-medium text-brand-600 hover:underline">
                      Practise · {questionCounts.get(topic.id)} questions
                    </Link>
                  ) : null}
                </div>
                <p className="mt-1 text-sm text-slate-500 dark:text-slate-400">{topic.summary}</p>
                <ol className="mt-3 space-y-2">
                  {topicNotes.map((note) => (
                    <li key={note.id}>
                      <Link href={`/notes/${note.id}`} className="font-medium text-slate-900 hover:text-brand-600 dark:text-slate-100">
                        {note.title}
                      </Link>
                      <p className="text-sm text-slate-600 dark:text-slate-400">{note.summary}</p>
                    </li>
                  ))}
                </ol>
              </section>
            ))}
        </div>
      )}
    </>
  );
}
