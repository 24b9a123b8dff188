/**
 * Study days. As in Anki, a day does not end at midnight UTC but at the learner's own "next day starts at" hour
 * in their own time zone (4 a.m. by default, so a late evening session still counts as that day). Daylight-saving
 * changes make some days 23 or 25 hours long; every boundary here is computed from wall-clock time in the zone,
 * never by adding 24 hours.
 */

export interface StudyDay {
  /** The local date the day is named after, `YYYY-MM-DD`. */
  key: string;
  start: Date;
  end: Date;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(at: Date, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(at)) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** How far the zone's wall clock is ahead of UTC at that instant, in milliseconds. */
function offsetAt(at: Date, timeZone: string): number {
  const wall = wallClock(at, timeZone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return asUtc - (at.getTime() - at.getUTCMilliseconds());
}

/** The instant at which the zone's clock shows that date and hour (the first such instant, or the one after a gap). */
function instantOf(year: number, month: number, day: number, hour: number, timeZone: string): Date {
  const guess = Date.UTC(year, month - 1, day, hour);
  const first = guess - offsetAt(new Date(guess), timeZone);
  const second = guess - offsetAt(new Date(first), timeZone);
  return new Date(Math.min(first, second));
}

const pad = (value: number) => String(value).padStart(2, "0");
const keyOf = (date: Date) => `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;

/** The study day containing `now` for a learner in `timeZone` whose day starts at `dayStartHour`. */
export function studyDayOf(now: Date, timeZone: string, dayStartHour: number): StudyDay {
  const wall = wallClock(now, timeZone);
  // Before the start hour it is still the previous day.
  const date = new Date(Date.UTC(wall.year, wall.month - 1, wall.day - (wall.hour < dayStartHour ? 1 : 0)));
  const next = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + 1));
  return {
    key: keyOf(date),
    start: instantOf(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), dayStartHour, timeZone),
    end: instantOf(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), dayStartHour, timeZone),
  };
}

/** The study day named `key` (`YYYY-MM-DD`). */
export function studyDayByKey(key: string, timeZone: string, dayStartHour: number): StudyDay {
  const [year, month, day] = key.split("-").map(Number) as [number, number, number];
  return studyDayOf(new Date(instantOf(year, month, day, dayStartHour, timeZone).getTime() + 1000), timeZone, dayStartHour);
}

/** `key` moved by whole calendar days. */
export function addDays(key: string, days: number): string {
  const [year, month, day] = key.split("-").map(Number) as [number, number, number];
  return keyOf(new Date(Date.UTC(year, month - 1, day + days)));
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  const [fy, fm, fd] = from.split("-").map(Number) as [number, number, number];
  const [ty, tm, td] = to.split("-").map(Number) as [number, number, number];
  return Math.round((Date.UTC(ty, tm - 1, td) - Date.UTC(fy, fm - 1, fd)) / 86_400_000);
}
