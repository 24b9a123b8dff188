/** The cohort's progress week by week, for the charts: gaps filled so a quiet week shows as a zero, not a jump. */

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

export interface WeekRow {
  /** Monday 00:00 UTC starting the week. */
  weekStart: Date;
  activeLearners: number;
  answers: number;
  reviews: number;
  /** Mean submitted exam score that week; null with no exam. */
  meanExamPercent: number | null;
}

/** The Monday (UTC) on or before `at`. */
export function weekStartOf(at: Date): Date {
  const day = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  const offset = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - offset * 24 * 60 * 60 * 1000);
}

/** `weeks` consecutive weeks ending with the one containing `now`, taking values from `rows` where present. */
export function fillWeeks(rows: readonly WeekRow[], now: Date, weeks: number): WeekRow[] {
  const last = weekStartOf(now).getTime();
  const byStart = new Map(rows.map((row) => [weekStartOf(row.weekStart).getTime(), row]));
  return Array.from({ length: weeks }, (_, index) => {
    const start = last - (weeks - 1 - index) * WEEK_MS;
    return byStart.get(start) ?? { weekStart: new Date(start), activeLearners: 0, answers: 0, reviews: 0, meanExamPercent: null };
  });
}
