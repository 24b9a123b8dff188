/**
 * Inline SVG charts for results and history. Colours come from Tailwind classes so both themes work; each
 * chart carries a text alternative (a visually hidden table), since a picture of numbers is no use to a
 * screen reader.
 */

export interface BarRow {
  id: string;
  label: string;
  /** 0 … 100. */
  percent: number;
  detail: string;
}

const BAR_HEIGHT = 22;
const BAR_GAP = 12;
const LABEL_WIDTH = 230;
const CHART_WIDTH = 640;
const VALUE_WIDTH = 56;

export function ScoreBars({ title, rows, passMark }: { title: string; rows: BarRow[]; passMark: number }) {
  const plotWidth = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  const height = rows.length * (BAR_HEIGHT + BAR_GAP) + 24;
  const x = (percent: number) => LABEL_WIDTH + (Math.max(0, Math.min(100, percent)) / 100) * plotWidth;
  return (
    <figure>
      <figcaption className="mb-2 text-sm font-semibold">{title}</figcaption>
      {/* Capped at its drawn width, so labels keep their size on a wide card instead of scaling up. */}
      <svg viewBox={`0 0 ${CHART_WIDTH} ${height}`} className="w-full" style={{ maxWidth: CHART_WIDTH }} role="img" aria-label={`${title}: ${rows.map((row) => `${row.label} ${row.percent} %`).join(", ")}; pass mark ${passMark} %`}>
        {rows.map((row, index) => {
          const y = index * (BAR_HEIGHT + BAR_GAP) + 4;
          const passed = row.percent >= passMark;
          return (
            <g key={row.id}>
              <text x={LABEL_WIDTH - 10} y={y + BAR_HEIGHT / 2} dominantBaseline="middle" textAnchor="end" className="fill-slate-700 text-[13px] dark:fill-slate-300">
                {row.label}
              </text>
              <rect x={LABEL_WIDTH} y={y} width={plotWidth} height={BAR_HEIGHT} rx={4} className="fill-slate-100 dark:fill-slate-800" />
              <rect
                x={LABEL_WIDTH}
                y={y}
                width={Math.max(0, x(row.percent) - LABEL_WIDTH)}
                height={BAR_HEIGHT}
                rx={4}
                className={passed ? "fill-emerald-500 dark:fill-emerald-400" : "fill-amber-500 dark:fill-amber-400"}
              />
              <text x={CHART_WIDTH - VALUE_WIDTH + 8} y={y + BAR_HEIGHT / 2} dominantBaseline="middle" className="fill-slate-900 text-[13px] font-medium tabular-nums dark:fill-slate-100">
                {row.percent} %
              </text>
            </g>
          );
        })}
        <line x1={x(passMark)} x2={x(passMark)} y1={0} y2={height - 18} strokeDasharray="4 3" strokeWidth={2} className="stroke-rose-600 dark:stroke-rose-400" />
        <text x={x(passMark)} y={height - 4} textAnchor="middle" className="fill-rose-700 text-[11px] dark:fill-rose-300">
          pass {passMark} %
        </text>
      </svg>
      <table className="sr-only">
        <thead>
          <tr><th>{title}</th><th>Score</th><th>Detail</th></tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}><td>{row.label}</td><td>{row.percent} %</td><td>{row.detail}</td></tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

export interface ProgressPoint {
  at: string;
  percent: number;
}

const LINE_WIDTH = 260;
const LINE_HEIGHT = 90;
const PAD = 8;

/** One topic's scores over time: a small line chart with the pass mark, for a grid of small multiples. */
export function ProgressLine({ title, points, passMark }: { title: string; points: ProgressPoint[]; passMark: number }) {
  const plotW = LINE_WIDTH - PAD * 2;
  const plotH = LINE_HEIGHT - PAD * 2;
  const x = (index: number) => PAD + (points.length === 1 ? plotW / 2 : (index / (points.length - 1)) * plotW);
  const y = (percent: number) => PAD + (1 - percent / 100) * plotH;
  const path = points.map((point, index) => `${index === 0 ? "M" : "L"}${x(index).toFixed(1)},${y(point.percent).toFixed(1)}`).join(" ");
  const last = points.at(-1);
  const first = points[0];
  const trend = last && first && points.length > 1 ? Math.round(last.percent - first.percent) : null;
  return (
    <figure className="rounded-lg border border-slate-200 p-3 dark:border-slate-800">
      <figcaption className="flex items-baseline justify-between text-sm">
        <span className="font-medium">{title}</span>
        <span className="tabular-nums text-slate-600 dark:text-slate-400">
          {last ? `${last.percent} %` : "–"}
          {trend !== null ? ` (${trend >= 0 ? "+" : ""}${trend})` : ""}
        </span>
      </figcaption>
      <svg viewBox={`0 0 ${LINE_WIDTH} ${LINE_HEIGHT}`} className="mt-2 w-full" role="img" aria-label={`${title}: ${points.map((point) => `${point.percent} %`).join(", ")}, oldest first; pass mark ${passMark} %`}>
        <rect x={PAD} y={PAD} width={plotW} height={plotH} className="fill-slate-50 dark:fill-slate-900" />
        <line x1={PAD} x2={PAD + plotW} y1={y(passMark)} y2={y(passMark)} strokeDasharray="4 3" className="stroke-rose-500 dark:stroke-rose-400" />
        <path d={path} fill="none" strokeWidth={2} className="stroke-brand-600 dark:stroke-brand-100" />
        {points.map((point, index) => (
          <circle key={`${point.at}-${index}`} cx={x(index)} cy={y(point.percent)} r={3} className={point.percent >= passMark ? "fill-emerald-500" : "fill-amber-500"} />
        ))}
      </svg>
    </figure>
  );
}
