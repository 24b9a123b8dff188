import { describe, expect, it } from "vitest";
import { assessRisk, csvField, fillWeeks, filterRoster, masteryLevel, sortRoster, toCsv, weakTopics, weekStartOf, type LearnerActivity, type RosterRow } from "@/lib/analytics";
import { fixedClock } from "@/lib/clock";

const now = fixedClock("2026-03-20T12:00:00Z").now();
const daysAgo = (days: number) => new Date(now.getTime() - days * 24 * 60 * 60 * 1000);
const quiet: LearnerActivity = { joinedAt: daysAgo(30), lastActiveAt: daysAgo(1), examScores: [], dueNow: 0, becameDueLastWeek: 0, reviewedLastWeek: 0 };

describe("learner risk rules", () => {
  it("finds nothing wrong with an active learner", () => {
    expect(assessRisk(quiet, now)).toEqual([]);
  });

  it("flags inactivity with the number of days, and a learner who never started", () => {
    expect(assessRisk({ ...quiet, lastActiveAt: daysAgo(9) }, now).map((r) => r.message)).toEqual(["Inactive for 9 days."]);
    expect(assessRisk({ ...quiet, lastActiveAt: null, joinedAt: daysAgo(12) }, now)[0]?.message).toBe("No activity in the 12 days since joining.");
    expect(assessRisk({ ...quiet, lastActiveAt: null, joinedAt: daysAgo(2) }, now)).toEqual([]);
  });

  it("flags a last exam well below the average of the ones before it", () => {
    const examScores = [
      { at: daysAgo(10), percent: 72 },
      { at: daysAgo(3), percent: 52 },
      { at: daysAgo(6), percent: 68 },
    ];
    const [reason] = assessRisk({ ...quiet, examScores }, now);
    expect(reason?.code).toBe("falling-scores");
    expect(reason?.message).toBe("Last exam 52 % is 18 points below the previous average of 70 %.");
    expect(assessRisk({ ...quiet, examScores: [{ at: daysAgo(5), percent: 70 }, { at: daysAgo(1), percent: 64 }] }, now)).toEqual([]);
  });

  it("flags a large backlog only while it grows", () => {
    const growing = { ...quiet, dueNow: 120, becameDueLastWeek: 60, reviewedLastWeek: 12 };
    expect(assessRisk(growing, now).map((r) => r.code)).toEqual(["growing-backlog"]);
    expect(assessRisk({ ...growing, reviewedLastWeek: 80 }, now)).toEqual([]);
    expect(assessRisk({ ...growing, dueNow: 20 }, now)).toEqual([]);
  });
});

const row = (name: string, patch: Partial<RosterRow> = {}): RosterRow => ({
  userId: name,
  name,
  email: `${name.toLowerCase()}@example.com`,
  joinedAt: daysAgo(20),
  lastActiveAt: daysAgo(1),
  notesRead: 0,
  retention: null,
  dueNow: 0,
  examBest: null,
  examLast: null,
  examAttempts: 0,
  labPassRate: null,
  labSessions: 0,
  timeSpentMs: 0,
  risks: [],
  ...patch,
});

describe("roster sorting and filtering", () => {
  const rows = [row("Cai", { examBest: 80 }), row("ana", { examBest: 55, risks: [{ code: "inactive", message: "Inactive for 9 days." }] }), row("Ben")];

  it("sorts either way with missing values last", () => {
    expect(sortRoster(rows, "examBest", "desc").map((r) => r.name)).toEqual(["Cai", "ana", "Ben"]);
    expect(sortRoster(rows, "examBest", "asc").map((r) => r.name)).toEqual(["ana", "Cai", "Ben"]);
    expect(sortRoster(rows, "name", "asc").map((r) => r.name)).toEqual(["ana", "Ben", "Cai"]);
  });

  it("filters by name or email and by risk", () => {
    expect(filterRoster(rows, { query: "BEN@" }).map((r) => r.name)).toEqual(["Ben"]);
    expect(filterRoster(rows, { atRiskOnly: true }).map((r) => r.name)).toEqual(["ana"]);
  });
});

describe("mastery, weeks and CSV", () => {
  it("needs three answers before a topic gets a colour, and lists the weakest topic first", () => {
    expect(masteryLevel({ answers: 2, meanScore: 1 })).toBe("none");
    expect(masteryLevel({ answers: 3, meanScore: 0.4 })).toBe("weak");
    expect(masteryLevel({ answers: 9, meanScore: 0.9 })).toBe("strong");
    const topics = weakTopics([
      { userId: "a", topic: "compute", answers: 5, meanScore: 0.9 },
      { userId: "b", topic: "compute", answers: 5, meanScore: 0.7 },
      { userId: "a", topic: "networking", answers: 4, meanScore: 0.4 },
      { userId: "a", topic: "image", answers: 1, meanScore: 0 },
    ]);
    expect(topics.map((t) => [t.topic, t.meanScore === null ? null : Number(t.meanScore.toFixed(2))])).toEqual([
      ["networking", 0.4],
      ["compute", 0.8],
      ["image", null],
    ]);
  });

  it("fills quiet weeks with zeros, ending with the current week (Monday starts)", () => {
    expect(weekStartOf(now).toISOString()).toBe("2026-03-16T00:00:00.000Z");
    const weeks = fillWeeks([{ weekStart: new Date("2026-03-02T00:00:00Z"), activeLearners: 3, answers: 40, reviews: 10, meanExamPercent: 61 }], now, 4);
    expect(weeks.map((w) => [w.weekStart.toISOString().slice(0, 10), w.answers])).toEqual([
      ["2026-02-23", 0],
      ["2026-03-02", 40],
      ["2026-03-09", 0],
      ["2026-03-16", 0],
    ]);
  });

  it("quotes what needs quoting and defuses spreadsheet formulas", () => {
    expect(csvField('Smith, "Jo"')).toBe('"Smith, ""Jo"""');
    expect(csvField("=HYPERLINK(\"x\")")).toBe("\"'=HYPERLINK(\"\"x\"\")\"");
    expect(csvField(-3)).toBe("-3");
    expect(toCsv(["a", "b"], [[1, null]])).toBe("a,b\r\n1,\r\n");
  });
});
