import type { Metadata } from "next";
import { requireArea } from "@/lib/auth/guards";
import { Card, PageHeader } from "../../_components/ui";
import { ImportForm } from "./import-form";

export const metadata: Metadata = { title: "Import and export" };

export default async function ImportPage() {
  await requireArea("learn");
  return (
    <>
      <PageHeader title="Import and export" description="Bring your own Anki cards, and take your cards and history anywhere." />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Import from Anki">
          <p className="mb-4 text-sm text-slate-600 dark:text-slate-400">
            In Anki, choose <strong>File → Export → Notes in Plain Text</strong>. Any tab-separated file works too: the front, a tab, the back,
            and optionally a third column of tags. The cards go into a new deck of your own, after the course&apos;s cards.
          </p>
          <ImportForm />
        </Card>
        <Card title="Export">
          <ul className="space-y-3 text-sm">
            <li>
              <a href="/review/export/cards" download className="font-medium text-brand-600 hover:underline dark:text-brand-400">Your cards (CSV)</a>
              <p className="text-slate-600 dark:text-slate-400">Every card with its front, back, state, due date, stability, difficulty and lapses.</p>
            </li>
            <li>
              <a href="/review/export/history" download className="font-medium text-brand-600 hover:underline dark:text-brand-400">Your review history (CSV)</a>
              <p className="text-slate-600 dark:text-slate-400">Every answer with its time, rating, how long it took, and the card&apos;s state before and after.</p>
            </li>
          </ul>
        </Card>
      </div>
    </>
  );
}
