import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/client";
import { requireArea } from "@/lib/auth/guards";
import { systemClock } from "@/lib/clock";
import { topics } from "@/lib/content/topics";
import { customStudySearch } from "@/lib/srs";
import { loadDeckOverview } from "@/lib/srs/service";
import { Card, EmptyState, PageHeader } from "../../_components/ui";
import { UnsuspendButton } from "../_components/unsuspend-button";

export const metadata: Metadata = { title: "Decks" };

export default async function DecksPage() {
  const user = await requireArea("learn");
  const overview = await loadDeckOverview(await getDb(), user.id, systemClock.now());
  const byTopic = new Map(overview.topics.map((row) => [row.topic, row]));
  const rows = [
    ...topics.map((topic) => ({ id: topic.id as string, title: topic.title as string, counts: byTopic.get(topic.id) })),
    ...(byTopic.has("personal") ? [{ id: "personal", title: "Your own cards", counts: byTopic.get("personal") }] : []),
  ].filter((row) => row.counts && row.counts.total > 0);
  return (
    <>
      <PageHeader title="Decks" description="One deck per topic, in the order the course teaches them. New cards are introduced in this order; study a single deck when you want to focus." />
      <Card>
        <div className="relative overflow-x-auto">
          <table className="w-full text-sm">
            <caption className="sr-only">Cards per topic</caption>
            <thead className="text-left text-xs uppercase tracking-wide text-slate-500 dark:text-slate-400">
              <tr>
                <th scope="col" className="py-2 pr-4 font-medium">Deck</th>
                <th scope="col" className="px-2 py-2 text-right font-medium">Due</th>
                <th scope="col" className="px-2 py-2 text-right font-medium">New</th>
                <th scope="col" className="px-2 py-2 text-right font-medium">Cards</th>
                <th scope="col" className="py-2 pl-4 font-medium"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {rows.map((row) => (
                <tr key={row.id}>
                  <th scope="row" className="py-2 pr-4 text-left font-medium">{row.title}</th>
                  <td className="px-2 py-2 text-right tabular-nums text-emerald-700 dark:text-emerald-300">{row.counts?.due}</td>
                  <td className="px-2 py-2 text-right tabular-nums text-sky-700 dark:text-sky-300">{row.counts?.fresh}</td>
                  <td className="px-2 py-2 text-right tabular-nums text-slate-500 dark:text-slate-400">
                    {row.counts?.total}
                    {row.counts?.suspended ? <span className="ml-1 text-xs">({row.counts.suspended} suspended)</span> : null}
                  </td>
                  <td className="py-2 pl-4 text-right whitespace-nowrap">
                    <Link href={`/review/study?topic=${row.id}`} className="font-medium text-brand-600 hover:underline dark:text-brand-400" aria-label={`Study ${row.title}`}>Study</Link>
                    <span aria-hidden className="mx-2 text-slate-300">·</span>
                    <Link href={`/review/study?${customStudySearch({ mode: "cram", topic: row.id, includeNew: false, reschedule: false })}`} className="text-slate-600 hover:underline dark:text-slate-400" aria-label={`Cram ${row.title}`}>Cram</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>

      {overview.personalDecks.length > 0 ? (
        <Card title="Your imported decks" className="mt-6">
          <ul className="space-y-1 text-sm">
            {overview.personalDecks.map((deck) => (
              <li key={deck.id} className="flex justify-between">
                <span>{deck.title}</span>
                <span className="tabular-nums text-slate-500 dark:text-slate-400">{deck.cards} cards</span>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}

      <Card title="Leeches" className="mt-6">
        {overview.leeches.length === 0 ? (
          <EmptyState title="No leeches">A card you forget 8 times becomes a leech: it is suspended and listed here, so you can rewrite it or reread its note instead of failing it again.</EmptyState>
        ) : (
          <ul className="divide-y divide-slate-100 text-sm dark:divide-slate-800">
            {overview.leeches.map((leech) => (
              <li key={leech.cardId} className="flex items-center justify-between gap-4 py-2">
                <span className="line-clamp-2">{leech.front}</span>
                <span className="flex shrink-0 items-center gap-3">
                  <span className="tabular-nums text-slate-500 dark:text-slate-400">{leech.lapses} lapses</span>
                  {leech.suspended ? <UnsuspendButton cardId={leech.cardId} /> : <span className="text-xs text-slate-500">back in review</span>}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}
