import { describe, expect, it } from "vitest";
import { itemStatistics, type ItemObservation } from "@/lib/analytics";

/*
 * Hand-computed fixture: five attempts, totals 90, 80, 70, 60, 40 (mean 68).
 *   Deviations from the mean: 22, 12, 2, −8, −28; squares 484, 144, 4, 64, 784; sum 1480.
 *   Population standard deviation s = √(1480 / 5) = √296 = 17.2047.
 *
 * Item Q1 (single choice, key b): right for the 90, 80 and 60 scorers, wrong for 70 (chose a) and 40 (chose c).
 *   facility p = 3/5 = 0.600, q = 0.4
 *   M₁ (mean total of those right) = (90 + 80 + 60) / 3 = 76.667; M₀ = (70 + 40) / 2 = 55
 *   r_pb = (M₁ − M₀) / s · √(p·q) = 21.667 / 17.2047 · √0.24 = 1.25935 · 0.48990 = 0.617
 *
 * Item Q2 (the mirror image): right only for the 70 and 40 scorers.
 *   facility = 2/5 = 0.400; M₁ = 55, M₀ = 76.667 → r_pb = −0.617
 */
const totals: Record<string, number> = { ana: 90, ben: 80, cai: 70, dee: 60, eli: 40 };
const observe = (id: string, correct: boolean, choice: string, timeMs: number): ItemObservation => ({
  respondentId: id,
  total: totals[id] ?? 0,
  score: correct ? 1 : 0,
  correct,
  choices: [choice],
  timeMs,
});

const q1 = [observe("ana", true, "b", 30_000), observe("ben", true, "b", 40_000), observe("cai", false, "a", 50_000), observe("dee", true, "b", 20_000), observe("eli", false, "c", 60_000)];
const q1Options = [
  { key: "a", correct: false },
  { key: "b", correct: true },
  { key: "c", correct: false },
  { key: "d", correct: false },
];
const q2 = [observe("ana", false, "a", 1), observe("ben", false, "a", 1), observe("cai", true, "b", 1), observe("dee", false, "a", 1), observe("eli", true, "b", 1)];
const q2Options = [
  { key: "a", correct: false },
  { key: "b", correct: true },
  { key: "c", correct: false },
];

describe("item statistics", () => {
  it("matches the hand-computed facility and point-biserial", () => {
    const stats = itemStatistics(q1, q1Options, { minRespondentsForFlags: 5 });
    expect(stats.respondents).toBe(5);
    expect(stats.facility!.toFixed(3)).toBe("0.600");
    expect(stats.discrimination!.toFixed(3)).toBe("0.617");
    expect(stats.meanTimeMs).toBe(40_000);

    const mirror = itemStatistics(q2, q2Options, { minRespondentsForFlags: 5 });
    expect(mirror.facility!.toFixed(3)).toBe("0.400");
    expect(mirror.discrimination!.toFixed(3)).toBe("-0.617");
  });

  it("counts how often each option was chosen, overall and by the top scorers", () => {
    const stats = itemStatistics(q1, q1Options, { minRespondentsForFlags: 5 });
    expect(stats.options.map((option) => [option.key, option.count])).toEqual([
      ["a", 1],
      ["b", 3],
      ["c", 1],
      ["d", 0],
    ]);
    // 27 % of 5 rounds to 1: the top group is the 90 scorer alone, who chose b.
    expect(stats.topGroupSize).toBe(1);
    expect(stats.options.find((option) => option.key === "b")?.topShare).toBe(1);
  });

  it("flags a distractor nobody picks, but a sound item nothing else", () => {
    const stats = itemStatistics(q1, q1Options, { minRespondentsForFlags: 5 });
    expect(stats.flags.map((flag) => flag.code)).toEqual(["unused-distractor"]);
    expect(stats.flags[0]?.message).toContain("option d");
  });

  it("flags negative discrimination and a key the top scorers reject, naming the option they preferred", () => {
    const stats = itemStatistics(q2, q2Options, { minRespondentsForFlags: 5, topGroupShare: 0.4 });
    const codes = stats.flags.map((flag) => flag.code);
    expect(codes).toContain("negative-discrimination");
    expect(codes).toContain("key-rejected");
    expect(codes).toContain("unused-distractor");
    expect(stats.flags.find((flag) => flag.code === "key-rejected")?.message).toMatch(/Only 0 % of the top 2 scorers.*chose a \(100 %\)/);
  });

  it("raises no flag on too few answers, and gives no discrimination when every total is the same", () => {
    expect(itemStatistics(q2, q2Options).flags).toEqual([]);
    const flat = q1.map((observation) => ({ ...observation, total: 50 }));
    expect(itemStatistics(flat, q1Options).discrimination).toBeNull();
    const none = itemStatistics([], q1Options);
    expect(none.facility).toBeNull();
    expect(none.meanTimeMs).toBeNull();
  });

  it("analyses a lab check with no options from pass/fail against the session score", () => {
    const sessions = [1, 0.8, 0.6, 0.4, 0.2].map((total, index) => ({ respondentId: `s${index}`, total, score: index < 3 ? 1 : 0, correct: index < 3 }));
    const stats = itemStatistics(sessions, [], { minRespondentsForFlags: 5 });
    expect(stats.facility).toBeCloseTo(0.6, 3);
    expect(stats.discrimination!).toBeGreaterThan(0.8);
    expect(stats.flags).toEqual([]);
  });
});
