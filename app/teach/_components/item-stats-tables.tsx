import Link from "next/link";
import type { LabCheckAnalysis, QuestionAnalysis } from "@/lib/cohorts/items";
import { EmptyState } from "../../_components/ui";

/**
 * The item-statistics tables, drawn the same way for one cohort (/teach/cohorts/[id]/items) and for authors across
 * every cohort (/admin/items). Server components: nothing here needs the browser.
 */

const twoDecimals = (value: number | null) => (value === null ? "—" : value.toFixed(2));
const share = (value: number | null | undefined) => (value === null || value === undefined ? "—" : `${Math.round(value * 100)} %`);
const cell = "px-2 py-2";
const numeric = `${cell} tabular-nums`;
const headRow = "border-b border-slate-200 text-slate-600 dark:border-slate-800 dark:text-slate-400";

export function QuestionStatsTable({
  rows,
  emptyText,
  hrefOf,
}: {
  rows: readonly QuestionAnalysis[];
  /** What the empty state says about where statistics come from. */
  emptyText: string;
  /** Where a question's id links to (its item page with the regrade form), or nothing to show it as plain text. */
  hrefOf?: (questionId: string) => string;
}) {
  if (rows.length === 0) return <EmptyState title="No submitted exam answers yet">{emptyText}</EmptyState>;
  return (
    <div className="relative overflow-x-auto">
      <table className="w-full min-w-[40rem] text-left text-sm">
        <thead className={headRow}>
          <tr>
            <th scope="col" className={cell}>Question</th>
            <th scope="col" className={cell}>Topic</th>
            <th scope="col" className={cell}>Answers</th>
            <th scope="col" className={cell}>Facility</th>
            <th scope="col" className={cell}>Discrimination</th>
            <th scope="col" className={cell}>Flags</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((analysis) => (
            <tr key={analysis.questionId} className="border-b border-slate-100 align-top dark:border-slate-800">
              <td className={cell}>
                {hrefOf ? (
                  <Link href={hrefOf(analysis.questionId)} className="font-mono text-brand-600 hover:underline dark:text-brand-100">
                    {analysis.questionId}
                  </Link>
                ) : (
                  <span className="font-mono">{analysis.questionId}</span>
                )}
              </td>
              <td className={cell}>{analysis.topic}</td>
              <td className={numeric}>{analysis.stats.respondents}</td>
              <td className={numeric}>{share(analysis.stats.facility)}</td>
              <td className={`${numeric} ${analysis.stats.discrimination !== null && analysis.stats.discrimination < 0 ? "text-rose-700 dark:text-rose-300" : ""}`}>{twoDecimals(analysis.stats.discrimination)}</td>
              <td className={`${cell} ${analysis.stats.flags.length ? "text-amber-800 dark:text-amber-300" : ""}`}>{analysis.stats.flags.map((flag) => flag.message).join(" ") || "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function LabCheckStatsTable({ rows, emptyText }: { rows: readonly LabCheckAnalysis[]; emptyText: string }) {
  if (rows.length === 0) return <EmptyState title="No submitted labs yet">{emptyText}</EmptyState>;
  return (
    <div className="relative overflow-x-auto">
      <table className="w-full min-w-[32rem] text-left text-sm">
        <thead className={headRow}>
          <tr>
            <th scope="col" className={cell}>Lab · check</th>
            <th scope="col" className={cell}>Sessions</th>
            <th scope="col" className={cell}>Passed</th>
            <th scope="col" className={cell}>Discrimination</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((check) => (
            <tr key={`${check.labId}/${check.checkId}`} className="border-b border-slate-100 dark:border-slate-800">
              <td className={cell}>
                <span className="font-mono">{check.labId}</span> · {check.description}
              </td>
              <td className={numeric}>{check.stats.respondents}</td>
              <td className={numeric}>{share(check.stats.facility)}</td>
              <td className={numeric}>{twoDecimals(check.stats.discrimination)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
