import { checkParameters, default_w } from "ts-fsrs";
import { describe, expect, it } from "vitest";
import { seededRandom } from "@/lib/random";
import { addDays, OPTIMIZE_MIN_REVIEWS, optimizeParameters, type HistoryReview } from "@/lib/srs";

/** A learner who forgets about one answer in seven, reviewing at growing intervals. */
function syntheticHistory(cards: number, answersPerCard: number): HistoryReview[] {
  const random = seededRandom(42);
  const history: HistoryReview[] = [];
  for (let card = 0; card < cards; card += 1) {
    let day = addDays("2026-01-01", card % 30);
    let interval = 1;
    for (let answer = 0; answer < answersPerCard; answer += 1) {
      const forgot = answer > 0 && random() < 0.15;
      history.push({ cardId: `c${card}`, rating: forgot ? 1 : random() < 0.2 ? 4 : 3, day });
      interval = forgot ? 1 : Math.round(interval * 2.5);
      day = addDays(day, interval);
    }
  }
  return history;
}

describe("parameter optimization", () => {
  it("refuses a history below the floor and says how many answers it needs", async () => {
    const result = await optimizeParameters(syntheticHistory(10, 5));
    expect(result).toEqual({ ok: false, error: { code: "srs/too-few-reviews", reviews: 50, needed: OPTIMIZE_MIN_REVIEWS } });
  });

  it("fits 21 valid FSRS-6 parameters from a learner's history with the fsrs-rs optimizer", async () => {
    const result = await optimizeParameters(syntheticHistory(150, 6));
    if (!result.ok) throw new Error(`optimizer failed: ${JSON.stringify(result.error)}`);
    expect(result.value.parameters).toHaveLength(default_w.length);
    expect(() => checkParameters(result.value.parameters)).not.toThrow();
    expect(result.value.parameters).not.toEqual([...default_w].map((value) => Math.round(value * 10_000) / 10_000));
    expect(result.value.items).toBeGreaterThan(500);
  }, 60_000);
});
