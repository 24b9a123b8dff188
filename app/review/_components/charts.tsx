import type { CardCounts, HeatmapCell, RetentionPeriod } from "@/lib/srs";

/**
 * Statistics charts as plain inline SVG: no chart library, colours from CSS classes so both themes work, and
 * each chart labelled for screen readers with the same numbers in words.
 */

const heatLevels = [
  "fill-slate-100 dark:fill-slate-800",
  "fill-emerald-200 dark:fill-emerald-900",
  "fill-emerald-400 dark:fill-emerald-700",
  "fill-emerald-600 dark:fill-emerald-500",
  "fill-emerald-800 dark:fill-emerald-300",
];

const shortDate = (key: string) => new Date(`${key}T12:00:00Z`).toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });

export function ReviewHeatmap({ columns, total, daysStudied }: { columns: HeatmapCell[][]; total: number; daysStudied: number }) {
  const size = 12;
  const gap = 3;
  const left = 22;
  const top = 14;
  const width = left + columns.length * (size + gap);
  const height = top + 7 * (size + gap);
  return (
    <figure>
      <svg viewBox={`0 0 ${width} ${height}`} className="w-full max-w-3xl" role="img" aria-label={`Reviews per day over the last ${columns.length} weeks: ${total} answer${total === 1 ? "" : "s"} on ${daysStudied} day${daysStudied === 1 ? "" : "s"}.`}>
        {["Mon", "Wed", "Fri"].map((label, index) => (
          <text key={label} x={0} y={top + index * 2 * (size + gap) + size - 2} className="fill-slate-500 text-[8px] dark:fill-slate-400">{label}</text>
        ))}
        {columns.map((column, week) => {
          const first = column[0];
          const showMonth = first && (week === 0 || Number(first.day.slice(8)) <= 7);
          return (
            <g key={first?.day ?? week}>
              {showMonth && first ? (
                <text x={left + week * (size + gap)} y={9} className="fill-slate-500 text-[8px] dark:fill-slate-400">
                  {new Date(`${first.day}T12:00:00Z`).toLocaleDateString("en-GB", { month: "short", timeZone: "UTC" })}
                </text>
              ) : null}
              {column.map((cell, day) =>
                cell.future ? null : (
                  <rect key={cell.day} x={left + week * (size + gap)} y={top + day * (size + gap)} width={size} height={size} rx={2} className={heatLevels[cell.level]}>
                    <title>{`${shortDate(cell.day)}: ${cell.count} review${cell.count === 1 ? "" : "s"}`}</title>
                  </rect>
                ),
              )}
            </g>
          );
        })}
      </svg>
      <figcaption className="mt-2 flex items-center gap-1 text-xs text-slate-500 dark:text-slate-400">
        Less
        {heatLevels.map((level) => (
          <svg key={level} width="10" height="10" aria-hidden><rect width="10" height="10" rx="2" className={level} /></svg>
        ))}
        More
      </figcaption>
    </figure>
  );
}

/** Vertical bars for one value per day (forecast, minutes). */
export function DailyBars({ data, label, unit, format = (value) => String(Math.round(value)) }: { data: { day: string; value: number }[]; label: string; unit: string; format?: (value: number) => string }) {
  const width = 600;
  const height = 160;
  const bottom = 20;
  const left = 30;
  const max = Math.max(1, ...data.map((entry) => entry.value));
  const barWidth = (width - left) / Math.max(1, data.length);
  const total = data.reduce((sum, entry) => sum + entry.value, 0);
  return (
    <svg viewBox={`0 0 ${width} ${height}`} className="w-full" role="img" aria-label={`${label}: ${format(total)} ${unit} in total, at most ${format(max)} on one day.`}>
      <line x1={left} x2={width} y1={height - bottom} y2={height - bottom} className="stroke-slate-300 dark:stroke-slate-700" />
      <text x={left - 4} y={12} textAnchor="end" className="fill-slate-500 text-[10px] dark:fill-slate-400">{format(max)}</text>
      <text x={left - 4} y={height - bottom} textAnchor="end" className="fill-slate-500 text-[10px] dark:fill-slate-400">0</text>
      {data.map((entry, index) => {
        const barHeight = ((height - bottom - 8) * entry.value) / max;
        return (
          <g key={entry.day}>
            <rect x={left + index * barWidth + 1} y={height - bottom - barHeight} width={Math.max(1, barWidth - 2)} height={barHeight} rx={1.5} className="fill-brand-500 dark:fill-brand-500">
              <title>{`${shortDate(entry.day)}: ${format(entry.value)} ${unit}`}</title>
            </rect>
            {index % 7 === 0 ? (
              <text x={left + index * barWidth + barWidth / 2} y={height - 6} textAnchor="middle" className="fill-slate-500 text-[10px] dark:fill-slate-400">{shortDate(entry.day)}</text>
            ) : null}
          </g>
        );
      })}
    </svg>
  );
}

const stateSegments: { key: keyof CardCounts; label: string; colour: string }[] = [
  { key: "new", label: "New", colour: "fill-sky-400 bg-sky-400" },
  { key: "learning", label: "Learning", colour: "fill-rose-400 bg-rose-400" },
  { key: "relearning", label: "Relearning", colour: "fill-orange-400 bg-orange-400" },
  { key: "young", label: "Young", colour: "fill-emerald-300 bg-emerald-300" },
  { key: "mature", label: "Mature", colour: "fill-emerald-700 bg-emerald-700" },
  { key: "suspended", label: "Suspended", colour: "fill-amber-300 bg-amber-300" },
  { key: "buried", label: "Buried", colour: "fill-slate-400 bg-slate-400" },
];

export function CardCountBar({ counts }: { counts: CardCounts }) {
  const total = Math.max(1, counts.total);
  let offset = 0;
  return (
    <div>
      <svg viewBox="0 0 600 28" className="w-full" role="img" aria-label={stateSegments.map((segment) => `${counts[segment.key]} ${segment.label.toLowerCase()}`).join(", ")}>
        {stateSegments.map((segment) => {
          const width = (600 * counts[segment.key]) / total;
          const x = offset;
          offset += width;
          return width > 0 ? <rect key={segment.key} x={x} y={0} width={width} height={28} className={segment.colour.split(" ")[0]}><title>{`${segment.label}: ${counts[segment.key]}`}</title></rect> : null;
        })}
      </svg>
      <ul className="mt-3 grid grid-cols-2 gap-x-6 gap-y-1 text-sm sm:grid-cols-4">
        {stateSegments.map((segment) => (
          <li key={segment.key} className="flex items-center gap-2">
            <span aria-hidden className={`inline-block h-3 w-3 rounded-sm ${segment.colour.split(" ")[1]}`} />
            <span>{segment.label}</span>
            <span className="ml-auto tabular-nums text-slate-500 dark:text-slate-400">{counts[segment.key]}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

const percent = (rate: number | null) => (rate === null ? "—" : `${(rate * 100).toFixed(1)} %`);

/** Anki's true-retention table, with a small bar per period. */
export function RetentionTable({ periods, desired }: { periods: RetentionPeriod[]; desired: number }) {
  return (
    <table className="w-full text-sm">
      <caption className="mb-2 text-left text-xs text-slate-500 dark:text-slate-400">Share of review-card answers that were not Again. Your target is {Math.round(desired * 100)} %.</caption>
      <thead className="text-left text-xs uppercase tracking-wide text-slate-500 dark:text-slate-400">
        <tr>
          <th scope="col" className="py-1 font-medium">Period</th>
          <th scope="col" className="py-1 text-right font-medium">Young</th>
          <th scope="col" className="py-1 text-right font-medium">Mature</th>
          <th scope="col" className="py-1 text-right font-medium">All</th>
          <th scope="col" className="w-1/3 py-1"><span className="sr-only">Chart</span></th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
        {periods.map((period) => (
          <tr key={period.label}>
            <th scope="row" className="py-1.5 text-left font-medium">{period.label}</th>
            <td className="py-1.5 text-right tabular-nums">{percent(period.young.rate)}</td>
            <td className="py-1.5 text-right tabular-nums">{percent(period.mature.rate)}</td>
            <td className="py-1.5 text-right tabular-nums" title={`${period.total.passed} passed, ${period.total.failed} failed`}>{percent(period.total.rate)}</td>
            <td className="py-1.5 pl-3">
              <svg viewBox="0 0 100 10" className="h-3 w-full" aria-hidden>
                <rect width={100} height={10} rx={2} className="fill-slate-100 dark:fill-slate-800" />
                {period.total.rate !== null ? <rect width={period.total.rate * 100} height={10} rx={2} className={period.total.rate >= desired - 0.02 ? "fill-emerald-500" : "fill-amber-500"} /> : null}
                <line x1={desired * 100} x2={desired * 100} y1={0} y2={10} className="stroke-slate-700 dark:stroke-slate-200" strokeWidth={0.8} />
              </svg>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
