import { masteryLevel, type MasteryInput, type MasteryLevel, type WeekRow } from "@/lib/analytics";

/** Inline-SVG charts for the cohort pages; colours come from Tailwind classes so both themes work. */

const levelClass: Record<MasteryLevel, string> = {
  none: "fill-slate-100 dark:fill-slate-800",
  weak: "fill-rose-400 dark:fill-rose-700",
  developing: "fill-amber-300 dark:fill-amber-600",
  good: "fill-emerald-300 dark:fill-emerald-700",
  strong: "fill-emerald-600 dark:fill-emerald-400",
};
const levelLabel: Record<MasteryLevel, string> = { none: "not enough answers", weak: "under 50 %", developing: "50–69 %", good: "70–84 %", strong: "85 % or more" };

export function MasteryHeatMap({ learners, topics, cells }: { learners: { userId: string; name: string }[]; topics: { id: string; title: string }[]; cells: MasteryInput[] }) {
  const cell = new Map(cells.map((c) => [`${c.userId} ${c.topic}`, c]));
  const labelWidth = 150;
  const size = 26;
  const headerHeight = 130;
  // Topic names are rotated up and to the right, so the last columns' labels need room past the grid.
  const width = labelWidth + topics.length * size + 110;
  const height = headerHeight + learners.length * size + 6;
  return (
    <figure>
      {/* Drawn at its natural size (scrolling sideways inside its card when wide) so text stays legible on a phone. */}
      <svg role="img" aria-label="Topic mastery by learner" width={width} height={height} viewBox={`0 0 ${width} ${height}`} className="max-w-none text-slate-700 dark:text-slate-300">
        {topics.map((topic, column) => (
          <text key={topic.id} transform={`translate(${labelWidth + column * size + size / 2 + 4}, ${headerHeight - 6}) rotate(-55)`} className="fill-current text-[10px]">
            {topic.title.length > 24 ? `${topic.title.slice(0, 23)}…` : topic.title}
          </text>
        ))}
        {learners.map((learner, row) => (
          <g key={learner.userId}>
            <text x={labelWidth - 6} y={headerHeight + row * size + size / 2 + 4} textAnchor="end" className="fill-current text-[11px]">
              {learner.name.length > 22 ? `${learner.name.slice(0, 21)}…` : learner.name}
            </text>
            {topics.map((topic, column) => {
              const value = cell.get(`${learner.userId} ${topic.id}`);
              const level = masteryLevel(value);
              return (
                <rect key={topic.id} x={labelWidth + column * size} y={headerHeight + row * size} width={size - 2} height={size - 2} rx={3} className={levelClass[level]}>
                  <title>{`${learner.name} · ${topic.title}: ${value ? `${Math.round(value.meanScore * 100)} % over ${value.answers} answers` : "no answers"}`}</title>
                </rect>
              );
            })}
          </g>
        ))}
      </svg>
      <figcaption className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600 dark:text-slate-400">
        {(Object.keys(levelClass) as MasteryLevel[]).map((level) => (
          <span key={level} className="inline-flex items-center gap-1">
            <svg width={12} height={12} aria-hidden="true">
              <rect width={12} height={12} rx={2} className={levelClass[level]} />
            </svg>
            {levelLabel[level]}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

/** Active learners (bars) and the mean exam score (line) per week. */
export function ProgressChart({ weeks, title }: { weeks: WeekRow[]; title: string }) {
  const width = 640;
  const height = 200;
  const pad = { left: 36, right: 36, top: 12, bottom: 28 };
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const maxActive = Math.max(1, ...weeks.map((week) => week.activeLearners));
  const step = plotW / Math.max(1, weeks.length);
  const y = (percent: number) => pad.top + plotH - (percent / 100) * plotH;
  const points = weeks.flatMap((week, index) => (week.meanExamPercent === null ? [] : [`${pad.left + index * step + step / 2},${y(week.meanExamPercent)}`]));
  return (
    <figure>
      <svg role="img" aria-label={title} viewBox={`0 0 ${width} ${height}`} className="w-full text-slate-600 dark:text-slate-400">
        {[0, 50, 100].map((tick) => (
          <g key={tick}>
            <line x1={pad.left} x2={width - pad.right} y1={y(tick)} y2={y(tick)} className="stroke-slate-200 dark:stroke-slate-800" />
            <text x={width - pad.right + 4} y={y(tick) + 4} className="fill-current text-[10px]">
              {tick} %
            </text>
          </g>
        ))}
        <text x={pad.left - 6} y={pad.top + 8} textAnchor="end" className="fill-current text-[10px]">
          {maxActive}
        </text>
        {weeks.map((week, index) => {
          const barH = (week.activeLearners / maxActive) * plotH;
          return (
            <g key={week.weekStart.toISOString()}>
              <rect x={pad.left + index * step + step * 0.2} y={pad.top + plotH - barH} width={step * 0.6} height={barH} rx={2} className="fill-sky-200 dark:fill-sky-900">
                <title>{`Week of ${week.weekStart.toISOString().slice(0, 10)}: ${week.activeLearners} active, ${week.answers} answers, ${week.reviews} reviews${week.meanExamPercent === null ? "" : `, mean exam ${Math.round(week.meanExamPercent)} %`}`}</title>
              </rect>
              {index % 2 === 0 ? (
                <text x={pad.left + index * step + step / 2} y={height - 8} textAnchor="middle" className="fill-current text-[10px]">
                  {week.weekStart.toISOString().slice(5, 10)}
                </text>
              ) : null}
            </g>
          );
        })}
        {points.length > 1 ? <polyline points={points.join(" ")} fill="none" strokeWidth={2} className="stroke-brand-600 dark:stroke-brand-400" /> : null}
        {points.map((point) => {
          const [cx, cy] = point.split(",");
          return <circle key={point} cx={cx} cy={cy} r={3.5} className="fill-brand-600 dark:fill-brand-400" />;
        })}
      </svg>
      <figcaption className="mt-1 text-xs text-slate-500 dark:text-slate-400">Bars: learners active each week (left scale). Dots and line: mean exam score that week (right scale).</figcaption>
    </figure>
  );
}
