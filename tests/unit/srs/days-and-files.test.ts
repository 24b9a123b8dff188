import { describe, expect, it } from "vitest";
import {
  addDays,
  cardCounts,
  customStudyFromSearchParams,
  customStudySearch,
  dueForecast,
  effectiveNewPerDay,
  formatAnkiText,
  formatCsv,
  parseAnkiText,
  projectExam,
  readSrsSettings,
  reviewHeatmap,
  studyDayOf,
  timeSpent,
  trainingItems,
  trueRetention,
  type ReviewDayRow,
} from "@/lib/srs";

describe("study days", () => {
  it("end at the learner's own hour in their own zone", () => {
    const day = studyDayOf(new Date("2026-06-10T01:30:00Z"), "Europe/Berlin", 4); // 03:30 in Berlin (UTC+2)
    expect(day.key).toBe("2026-06-09");
    expect(day.start.toISOString()).toBe("2026-06-09T02:00:00.000Z");
    expect(day.end.toISOString()).toBe("2026-06-10T02:00:00.000Z");
    expect(studyDayOf(new Date("2026-06-10T02:00:00Z"), "Europe/Berlin", 4).key).toBe("2026-06-10");
    expect(studyDayOf(new Date("2026-06-10T02:00:00Z"), "UTC", 0).key).toBe("2026-06-10");
    expect(studyDayOf(new Date("2026-06-10T02:00:00Z"), "America/New_York", 4).key).toBe("2026-06-09");
  });

  it("are 23 hours long when the clocks go forward", () => {
    // Europe moves to summer time on 29 March 2026 at 01:00 UTC, inside the study day that starts on the 28th.
    const day = studyDayOf(new Date("2026-03-28T12:00:00Z"), "Europe/Berlin", 4);
    expect(day.key).toBe("2026-03-28");
    expect(day.start.toISOString()).toBe("2026-03-28T03:00:00.000Z");
    expect(day.end.getTime() - day.start.getTime()).toBe(23 * 3_600_000);
  });
});

describe("settings", () => {
  it("fall back to the defaults for anything missing or unreadable", () => {
    const settings = readSrsSettings({ desiredRetention: 0.85, newPerDay: -3, timeZone: "Mars/Olympus" });
    expect(settings.desiredRetention).toBe(0.85);
    expect(settings.newPerDay).toBe(20);
    expect(settings.timeZone).toBe("UTC");
    expect(settings.leechThreshold).toBe(8);
  });
});

describe("Anki text import and export", () => {
  it("reads headers, quoted fields with line breaks, HTML and a tags column", () => {
    const text = '#separator:Comma\n#html:true\n#tags:course\n#tags column:3\n"What does <i>nova</i> do?","Runs instances,<br>and schedules them",compute nova\nplain,only-one-field-after-comma,\n';
    const parsed = parseAnkiText(text);
    expect(parsed.problems).toEqual([]);
    expect(parsed.cards).toEqual([
      { front: "What does nova do?", back: "Runs instances,\nand schedules them", tags: ["course", "compute", "nova"] },
      { front: "plain", back: "only-one-field-after-comma", tags: ["course"] },
    ]);
  });

  it("reports lines it cannot read with their line number", () => {
    const parsed = parseAnkiText("front\tback\nlonely\n\n\nanother\tone\n");
    expect(parsed.cards).toHaveLength(2);
    expect(parsed.problems).toEqual([{ line: 2, message: expect.stringContaining("Expected a front and a back") }]);
  });

  it("round-trips: export then import gives the same cards", () => {
    const cards = [
      { front: "Tab\tinside", back: 'Quote " and\nline', tags: ["a", "b"] },
      { front: "`openstack server list`", back: "Lists servers", tags: [] },
    ];
    expect(parseAnkiText(formatAnkiText(cards)).cards).toEqual(cards);
  });

  it("writes CSV that spreadsheets read as text", () => {
    expect(formatCsv(["a", "b"], [["x,y", '"q"'], ["=SUM(A1)", new Date("2026-01-01T00:00:00Z")], [null, 3]])).toBe(
      'a,b\r\n"x,y","""q"""\r\n\'=SUM(A1),2026-01-01T00:00:00.000Z\r\n,3\r\n',
    );
  });
});

describe("statistics", () => {
  const row = (day: string, reviews: number, extra: Partial<ReviewDayRow> = {}): ReviewDayRow => ({
    day, reviews, durationMs: reviews * 10_000, youngPassed: 0, youngFailed: 0, maturePassed: 0, matureFailed: 0, ...extra,
  });

  it("lays the heatmap out in Monday-first weeks ending with this one", () => {
    const map = reviewHeatmap([row("2026-03-04", 10), row("2026-03-05", 40)], "2026-03-05", 2); // a Thursday
    expect(map.columns).toHaveLength(2);
    expect(map.columns[0]?.[0]?.day).toBe("2026-02-23");
    expect(map.columns[1]?.[3]).toMatchObject({ day: "2026-03-05", count: 40, level: 4, future: false });
    expect(map.columns[1]?.[2]).toMatchObject({ count: 10, level: 1 });
    expect(map.columns[1]?.[4]?.future).toBe(true);
    expect(map).toMatchObject({ total: 50, daysStudied: 2, max: 40 });
  });

  it("computes true retention per period from review-card answers only", () => {
    const rows = [row("2026-03-05", 5, { youngPassed: 3, youngFailed: 1 }), row("2026-03-01", 9, { maturePassed: 8, matureFailed: 2 })];
    const [today, yesterday, week] = trueRetention(rows, "2026-03-05");
    expect(today?.total).toEqual({ passed: 3, failed: 1, rate: 0.75 });
    expect(yesterday?.total.rate).toBeNull();
    expect(week?.mature).toEqual({ passed: 8, failed: 2, rate: 0.8 });
    expect(week?.total.rate).toBeCloseTo(11 / 14);
  });

  it("forecasts 30 days with overdue cards due today, and sums time per day", () => {
    const forecast = dueForecast([{ day: "2026-02-20", count: 4 }, { day: "2026-03-05", count: 1 }, { day: "2026-03-07", count: 2 }, { day: "2026-05-01", count: 9 }], "2026-03-05");
    expect(forecast.slice(0, 3)).toEqual([{ day: "2026-03-05", count: 5 }, { day: "2026-03-06", count: 0 }, { day: "2026-03-07", count: 2 }]);
    expect(forecast.reduce((total, entry) => total + entry.count, 0)).toBe(7);
    const time = timeSpent([row("2026-03-05", 6), row("2026-03-04", 12)], "2026-03-05", 7);
    expect(time.perDay.at(-1)).toEqual({ day: "2026-03-05", minutes: 1 });
    expect(time.totalMinutes).toBe(3);
    expect(time.meanPerStudiedDay).toBe(1.5);
  });

  it("counts cards by state, suspended and buried apart", () => {
    const counts = cardCounts([
      { state: "new", mature: false, suspended: false, buried: false, count: 10 },
      { state: "review", mature: true, suspended: false, buried: false, count: 3 },
      { state: "review", mature: false, suspended: false, buried: false, count: 2 },
      { state: "review", mature: true, suspended: true, buried: false, count: 1 },
      { state: "learning", mature: false, suspended: false, buried: true, count: 1 },
    ]);
    expect(counts).toEqual({ new: 10, learning: 0, relearning: 0, young: 2, mature: 3, suspended: 1, buried: 1, total: 17 });
  });
});

describe("exam pacing", () => {
  const input = { todayKey: "2026-03-01", examDate: "2026-03-31", unseen: 440, seen: 4, newPerDay: 10, introducedToday: 0, recallIfIdle: null, desiredRetention: 0.9 };

  it("says when the current pace is too slow and what pace would do", () => {
    const plan = projectExam(input);
    expect(plan.daysLeft).toBe(30);
    expect(plan.introductionDays).toBe(23);
    expect(plan.neededNewPerDay).toBe(20); // ceil(440 / 23)
    expect(plan.unseenAtExam).toBe(140);
    expect(plan.onTrack).toBe(false);
    expect(effectiveNewPerDay(10, true, plan)).toBe(20);
    expect(effectiveNewPerDay(10, false, plan)).toBe(10);
  });

  it("is on track when the limit covers every card before the exam", () => {
    const plan = projectExam({ ...input, newPerDay: 20 });
    expect(plan.unseenAtExam).toBe(0);
    expect(plan.finishDate).toBe("2026-03-22"); // 20 today, then 21 more days
    expect(plan.onTrack).toBe(true);
    expect(plan.expectedKnownShare).toBeCloseTo(0.9);
  });
});

describe("custom study in the address", () => {
  it("round-trips and rejects nonsense", () => {
    const study = { mode: "ahead" as const, days: 3, reschedule: true };
    expect(customStudyFromSearchParams(Object.fromEntries(new URLSearchParams(customStudySearch(study))))).toEqual(study);
    expect(customStudyFromSearchParams({ mode: "ahead", days: "99" })).toBeNull();
    expect(customStudyFromSearchParams({})).toBeNull();
  });
});

describe("optimizer input", () => {
  it("builds fsrs-rs items: one per later answer, whole days between answers, short-term-only items left out", () => {
    const history = [
      { cardId: "a", rating: 3, day: "2026-01-01" },
      { cardId: "a", rating: 3, day: "2026-01-01" },
      { cardId: "a", rating: 1, day: "2026-01-04" },
      { cardId: "a", rating: 3, day: addDays("2026-01-04", 2) },
      { cardId: "b", rating: 3, day: "2026-01-01" },
      { cardId: "b", rating: 0, day: "2026-01-02", reset: true },
      { cardId: "b", rating: 4, day: "2026-01-03" },
    ];
    expect(trainingItems(history)).toEqual([
      [{ rating: 3, deltaT: 0 }, { rating: 3, deltaT: 0 }, { rating: 1, deltaT: 3 }],
      [{ rating: 3, deltaT: 0 }, { rating: 3, deltaT: 0 }, { rating: 1, deltaT: 3 }, { rating: 3, deltaT: 2 }],
    ]);
  });
});
