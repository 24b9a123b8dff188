import { addDays, daysBetween } from "./day";

/**
 * Statistics from per-day totals (the database groups review logs by the learner's own study day). Names and
 * definitions follow Anki's statistics screen: true retention counts answers to review cards only, pass = any
 * rating but Again; a card is mature once its interval reaches 21 days.
 */

export const MATURE_INTERVAL_DAYS = 21;

export interface ReviewDayRow {
  day: string;
  /** Every answer that day, custom study included. */
  reviews: number;
  durationMs: number;
  /** Answers to review cards, by interval before the answer. */
  youngPassed: number;
  youngFailed: number;
  maturePassed: number;
  matureFailed: number;
}

export interface HeatmapCell {
  day: string;
  count: number;
  /** 0 (none) to 4 (busiest quarter). */
  level: 0 | 1 | 2 | 3 | 4;
  future: boolean;
}

/** Weeks as columns, Monday first, ending with the week that contains today. */
export function reviewHeatmap(rows: readonly ReviewDayRow[], todayKey: string, weeks = 26): { columns: HeatmapCell[][]; max: number; total: number; daysStudied: number } {
  const counts = new Map(rows.map((row) => [row.day, row.reviews]));
  const weekday = (new Date(`${todayKey}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
  const first = addDays(todayKey, -weekday - (weeks - 1) * 7);
  const max = Math.max(0, ...rows.filter((row) => daysBetween(first, row.day) >= 0 && daysBetween(row.day, todayKey) >= 0).map((row) => row.reviews));
  const columns: HeatmapCell[][] = [];
  let total = 0;
  let daysStudied = 0;
  for (let week = 0; week < weeks; week += 1) {
    const column: HeatmapCell[] = [];
    for (let dayOfWeek = 0; dayOfWeek < 7; dayOfWeek += 1) {
      const day = addDays(first, week * 7 + dayOfWeek);
      const future = daysBetween(day, todayKey) < 0;
      const count = future ? 0 : (counts.get(day) ?? 0);
      total += count;
      if (count > 0) daysStudied += 1;
      const level = count === 0 || max === 0 ? 0 : (Math.min(4, Math.ceil((count / max) * 4)) as 1 | 2 | 3 | 4);
      column.push({ day, count, level, future });
    }
    columns.push(column);
  }
  return { columns, max, total, daysStudied };
}

export interface RetentionCell {
  passed: number;
  failed: number;
  /** passed / (passed + failed), or null with no answers. */
  rate: number | null;
}

export interface RetentionPeriod {
  label: string;
  young: RetentionCell;
  mature: RetentionCell;
  total: RetentionCell;
}

const cell = (passed: number, failed: number): RetentionCell => ({ passed, failed, rate: passed + failed === 0 ? null : passed / (passed + failed) });

export const retentionPeriods = [
  { label: "Today", from: 0, to: 0 },
  { label: "Yesterday", from: 1, to: 1 },
  { label: "Last 7 days", from: 0, to: 6 },
  { label: "Last 30 days", from: 0, to: 29 },
  { label: "Last year", from: 0, to: 364 },
] as const;

/** Anki's "True Retention" table: the share of review-card answers that were not Again, per period. */
export function trueRetention(rows: readonly ReviewDayRow[], todayKey: string): RetentionPeriod[] {
  return retentionPeriods.map((period) => {
    const inPeriod = rows.filter((row) => {
      const ago = daysBetween(row.day, todayKey);
      return ago >= period.from && ago <= period.to;
    });
    const sum = (key: keyof Omit<ReviewDayRow, "day">) => inPeriod.reduce((total, row) => total + row[key], 0);
    const young = cell(sum("youngPassed"), sum("youngFailed"));
    const mature = cell(sum("maturePassed"), sum("matureFailed"));
    return { label: period.label, young, mature, total: cell(young.passed + mature.passed, young.failed + mature.failed) };
  });
}

export interface DueDayRow {
  day: string;
  count: number;
}

/** Cards due on each of the next `days` days; anything overdue is due today. */
export function dueForecast(rows: readonly DueDayRow[], todayKey: string, days = 30): DueDayRow[] {
  const out = Array.from({ length: days }, (_, index) => ({ day: addDays(todayKey, index), count: 0 }));
  for (const row of rows) {
    const offset = Math.max(0, daysBetween(todayKey, row.day));
    const slot = out[offset];
    if (slot) slot.count += row.count;
  }
  return out;
}

/** Minutes spent reviewing on each of the last `days` days, oldest first. */
export function timeSpent(rows: readonly ReviewDayRow[], todayKey: string, days = 30): { perDay: { day: string; minutes: number }[]; totalMinutes: number; meanPerStudiedDay: number } {
  const byDay = new Map(rows.map((row) => [row.day, row.durationMs]));
  const perDay = Array.from({ length: days }, (_, index) => {
    const day = addDays(todayKey, index - days + 1);
    return { day, minutes: (byDay.get(day) ?? 0) / 60_000 };
  });
  const totalMinutes = perDay.reduce((total, entry) => total + entry.minutes, 0);
  const studied = perDay.filter((entry) => entry.minutes > 0).length;
  return { perDay, totalMinutes, meanPerStudiedDay: studied === 0 ? 0 : totalMinutes / studied };
}

export interface StateCountRow {
  state: string;
  mature: boolean;
  suspended: boolean;
  buried: boolean;
  count: number;
}

export interface CardCounts {
  new: number;
  learning: number;
  relearning: number;
  young: number;
  mature: number;
  suspended: number;
  buried: number;
  total: number;
}

/** Card counts by state; suspended and buried cards count only there, as in Anki's card-count chart. */
export function cardCounts(rows: readonly StateCountRow[]): CardCounts {
  const counts: CardCounts = { new: 0, learning: 0, relearning: 0, young: 0, mature: 0, suspended: 0, buried: 0, total: 0 };
  for (const row of rows) {
    counts.total += row.count;
    if (row.suspended) counts.suspended += row.count;
    else if (row.buried) counts.buried += row.count;
    else if (row.state === "new") counts.new += row.count;
    else if (row.state === "learning") counts.learning += row.count;
    else if (row.state === "relearning") counts.relearning += row.count;
    else if (row.mature) counts.mature += row.count;
    else counts.young += row.count;
  }
  return counts;
}
