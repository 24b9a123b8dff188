import type { Metadata } from "next";
import { getDb } from "@/db/client";
import { requireArea } from "@/lib/auth/guards";
import { systemClock } from "@/lib/clock";
import { loadStatistics } from "@/lib/srs/service";
import { Card, PageHeader } from "../../_components/ui";
import { CardCountBar, DailyBars, RetentionTable, ReviewHeatmap } from "../_components/charts";

export const metadata: Metadata = { title: "Statistics" };

export default async function StatsPage() {
  const user = await requireArea("learn");
  const stats = await loadStatistics(await getDb(), user.id, systemClock.now());
  const todayCount = stats.heatmap.columns.flat().find((cell) => cell.day === stats.today)?.count ?? 0;
  const minutes = (value: number) => (value < 10 ? value.toFixed(1) : String(Math.round(value)));
  return (
    <>
      <PageHeader
        title="Statistics"
        description={`Days are counted in ${stats.settings.timeZone}, starting at ${String(stats.settings.dayStartHour).padStart(2, "0")}:00.`}
      />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Today" className="lg:col-span-2">
          <p className="text-sm" data-testid="stats-today">
            <span className="text-2xl font-semibold tabular-nums">{todayCount}</span> answer{todayCount === 1 ? "" : "s"} today · {stats.totalReviews} in all · {minutes(stats.time.perDay.at(-1)?.minutes ?? 0)} minutes today
          </p>
        </Card>
        <Card title="Reviews per day" className="lg:col-span-2">
          <ReviewHeatmap columns={stats.heatmap.columns} total={stats.heatmap.total} daysStudied={stats.heatmap.daysStudied} />
        </Card>
        <Card title="True retention">
          <RetentionTable periods={stats.retention} desired={stats.settings.desiredRetention} />
        </Card>
        <Card title="Cards by state">
          <CardCountBar counts={stats.counts} />
        </Card>
        <Card title="Due in the next 30 days">
          <DailyBars data={stats.forecast.map((entry) => ({ day: entry.day, value: entry.count }))} label="Cards due per day for the next 30 days" unit="cards" />
        </Card>
        <Card title="Time spent, last 30 days">
          <DailyBars data={stats.time.perDay.map((entry) => ({ day: entry.day, value: entry.minutes }))} label="Minutes of review per day over the last 30 days" unit="min" format={minutes} />
          <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">{minutes(stats.time.totalMinutes)} minutes in 30 days; {minutes(stats.time.meanPerStudiedDay)} on an average study day.</p>
        </Card>
      </div>
    </>
  );
}
