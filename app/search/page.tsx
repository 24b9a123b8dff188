import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/client";
import { searchNotesByText, searchQuestionsByText } from "@/db/queries/content";
import { requireArea } from "@/lib/auth/guards";
import { splitSnippet } from "@/lib/content/search";
import { topics } from "@/lib/content/topics";
import { EmptyState, PageHeader } from "../_components/ui";
import { SearchForm } from "./search-form";

export const metadata: Metadata = { title: "Search" };

/** A snippet as text, with the matched words marked: never HTML, since snippets come from Markdown. */
function Snippet({ text }: { text: string }) {
  return (
    <>
      {splitSnippet(text).map((part, index) =>
        part.match ? (
          <mark key={index} className="rounded bg-amber-100 px-0.5 text-inherit dark:bg-amber-800/60">{part.text}</mark>
        ) : (
          <span key={index}>{part.text.replace(/[`*_]/g, "")}</span>
        ),
      )}
    </>
  );
}

const topicTitle = (id: string) => topics.find((topic) => topic.id === id)?.title ?? id;

export default async function SearchPage({ searchParams }: { searchParams: Promise<{ q?: string }> }) {
  await requireArea("learn");
  const query = ((await searchParams).q ?? "").trim().slice(0, 200);
  const db = await getDb();
  const [noteHits, questionHits] = query ? await Promise.all([searchNotesByText(db, query), searchQuestionsByText(db, query)]) : [[], []];
  return (
    <>
      <PageHeader
        title="Search"
        description={'Notes and questions. Quote a phrase ("security group rule"), or leave a word out with a minus (quota -legacy).'}
        actions={<SearchForm defaultValue={query} />}
      />
      {!query ? null : noteHits.length + questionHits.length === 0 ? (
        <EmptyState title={`Nothing matches “${query}”`}>Try fewer or more general words, or a command's name (flavor, subnet, volume).</EmptyState>
      ) : (
        <div className="grid gap-8 lg:grid-cols-2">
          <section aria-labelledby="note-hits">
            <h2 id="note-hits" className="mb-3 font-semibold">Notes ({noteHits.length})</h2>
            <ol className="space-y-3">
              {noteHits.map((hit) => (
                <li key={hit.id} className="rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
                  <p className="text-xs uppercase tracking-wide text-slate-500">{topicTitle(hit.topic)}</p>
                  <Link href={`/notes/${hit.id}`} className="mt-1 block font-medium text-brand-700 hover:underline dark:text-brand-100">{hit.title}</Link>
                  <p className="mt-1 text-sm text-slate-600 dark:text-slate-400"><Snippet text={hit.snippet} /></p>
                </li>
              ))}
            </ol>
          </section>
          <section aria-labelledby="question-hits">
            <h2 id="question-hits" className="mb-3 font-semibold">Questions ({questionHits.length})</h2>
            <ol className="space-y-3">
              {questionHits.map((hit) => (
                <li key={hit.id} className="rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
                  <p className="text-xs uppercase tracking-wide text-slate-500">{topicTitle(hit.topic)}</p>
                  <Link href={`/practice/${hit.topic}?question=${encodeURIComponent(hit.id)}`} className="mt-1 block text-sm text-slate-700 hover:text-brand-600 dark:text-slate-300">
                    <Snippet text={hit.snippet} />
                  </Link>
                </li>
              ))}
            </ol>
          </section>
        </div>
      )}
    </>
  );
}
