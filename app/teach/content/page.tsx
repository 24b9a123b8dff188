import type { Metadata } from "next";
import { getDb } from "@/db/client";
import { countLiveContent, listContentImportsByRecency } from "@/db/queries/reading";
import { requireArea } from "@/lib/auth/guards";
import { Card, EmptyState, PageHeader } from "../../_components/ui";

export const metadata: Metadata = { title: "Content" };

const kinds = ["note", "question", "card", "deck", "blueprint"] as const;

export default async function ContentStatusPage() {
  await requireArea("teach");
  const db = await getDb();
  const [live, imports] = await Promise.all([countLiveContent(db), listContentImportsByRecency(db)]);
  const latest = imports[0];
  return (
    <>
      <PageHeader
        title="Content"
        description="What learners can read and answer now, and how the last imports of content/ went. Authors edit the Markdown files; every server start imports them (or run npm run content:import)."
      />
      <div className="mb-6 grid gap-4 sm:grid-cols-5">
        {Object.entries(live).map(([kind, count]) => (
          <Card key={kind}>
            <p className="text-sm text-slate-500 dark:text-slate-400">{kind}</p>
            <p className="text-3xl font-semibold tabular-nums">{count}</p>
          </Card>
        ))}
      </div>
      {latest?.status === "rejected" ? (
        <Card title="The last import was rejected" className="mb-6 border-rose-300 dark:border-rose-800">
          <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">
            Nothing from it was written; learners still see the content imported before. Fix these and start the server again:
          </p>
          <ul className="space-y-1 font-mono text-xs">
            {latest.diagnostics.map((diagnostic, index) => (
              <li key={index}>
                <span className="text-rose-700 dark:text-rose-300">{diagnostic.file}:{diagnostic.line}:{diagnostic.column}</span> {diagnostic.message}
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
      <Card title="Recent imports">
        {imports.length === 0 ? (
          <EmptyState title="No import has changed anything yet">An import that changes content, or one that is rejected, is recorded here.</EmptyState>
        ) : (
          <div className="relative overflow-x-auto">
            <table className="w-full text-left text-sm">
              <thead className="text-xs uppercase text-slate-500">
                <tr>
                  <th scope="col" className="py-2 pr-4">Finished</th>
                  <th scope="col" className="py-2 pr-4">Result</th>
                  {kinds.map((kind) => (
                    <th key={kind} scope="col" className="py-2 pr-4">{kind}s +added / ~changed / −retired</th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
                {imports.map((entry) => (
                  <tr key={entry.id}>
                    <td className="py-2 pr-4 whitespace-nowrap">{entry.finishedAt.toISOString().replace("T", " ").slice(0, 16)} UTC</td>
                    <td className="py-2 pr-4">{entry.status === "imported" ? "imported" : `rejected (${entry.diagnostics.length} errors)`}</td>
                    {kinds.map((kind) => {
                      const counts = entry.counts[kind];
                      return (
                        <td key={kind} className="py-2 pr-4 tabular-nums">
                          {counts ? `+${counts.added} ~${counts.changed} −${counts.retired}` : "—"}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </>
  );
}
