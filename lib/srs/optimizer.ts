import { checkParameters } from "ts-fsrs";
import { err, ok, type Result } from "../result";
import { daysBetween } from "./day";

/**
 * Personal FSRS parameters from a learner's own reviews. The optimizer is fsrs-rs (the one inside Anki),
 * published on npm as @open-spaced-repetition/binding with a prebuilt native addon per platform; npm installs
 * the one for this machine as an ordinary optional dependency and nothing is downloaded when it runs. It is
 * loaded lazily so that a platform without a prebuilt addon still runs Examstack, with default parameters and
 * an explanation instead of the "Optimize" result.
 */

export interface HistoryReview {
  cardId: string;
  /** 1 Again … 4 Easy. */
  rating: number;
  /** The learner's study day of the answer, `YYYY-MM-DD`. */
  day: string;
  /** A reset starts the card's history over. */
  reset?: boolean;
}

export interface TrainingReview {
  rating: number;
  deltaT: number;
}

/**
 * Anki's 24.04 floor. Anki later removed it because fsrs-rs falls back to defaults on little data, but a learner
 * told "optimized" after twenty answers would expect a change that cannot be there; we keep the floor and say so.
 */
export const OPTIMIZE_MIN_REVIEWS = 400;

/**
 * fsrs-rs's training shape: for every answer after a card's first, the card's answers up to and including it,
 * each with the whole days since the previous one (0 for the first, and for same-day learning steps). Items
 * whose history holds no answer on a later day teach nothing about long-term memory and are left out, as in
 * fsrs-rs's own conversion of Anki's revlog.
 */
export function trainingItems(history: readonly HistoryReview[]): TrainingReview[][] {
  const byCard = new Map<string, HistoryReview[]>();
  for (const review of history) {
    const list = byCard.get(review.cardId) ?? [];
    if (review.reset) list.length = 0;
    else if (review.rating >= 1 && review.rating <= 4) list.push(review);
    byCard.set(review.cardId, list);
  }
  const items: TrainingReview[][] = [];
  for (const reviews of byCard.values()) {
    const sequence = reviews.map((review, index) => ({
      rating: review.rating,
      deltaT: index === 0 ? 0 : Math.max(0, daysBetween((reviews[index - 1] as HistoryReview).day, review.day)),
    }));
    for (let end = 2; end <= sequence.length; end += 1) {
      const item = sequence.slice(0, end);
      if (item.slice(1).some((review) => review.deltaT > 0)) items.push(item);
    }
  }
  return items;
}

export type OptimizeError =
  | { code: "srs/too-few-reviews"; reviews: number; needed: number }
  | { code: "srs/optimizer-unavailable"; detail: string }
  | { code: "srs/optimizer-failed"; detail: string };

export async function optimizeParameters(history: readonly HistoryReview[]): Promise<Result<{ parameters: number[]; items: number }, OptimizeError>> {
  const answered = history.filter((review) => !review.reset).length;
  if (answered < OPTIMIZE_MIN_REVIEWS) return err({ code: "srs/too-few-reviews", reviews: answered, needed: OPTIMIZE_MIN_REVIEWS });
  const items = trainingItems(history);
  let binding: typeof import("@open-spaced-repetition/binding");
  try {
    binding = await import("@open-spaced-repetition/binding");
  } catch (cause) {
    return err({ code: "srs/optimizer-unavailable", detail: cause instanceof Error ? cause.message : String(cause) });
  }
  try {
    const train = items.map((item) => new binding.FSRSBindingItem(item.map((review) => new binding.FSRSBindingReview(review.rating, review.deltaT))));
    const parameters = await binding.computeParameters(train, { enableShortTerm: true });
    checkParameters(parameters);
    return ok({ parameters: parameters.map((value) => Math.round(value * 10_000) / 10_000), items: items.length });
  } catch (cause) {
    return err({ code: "srs/optimizer-failed", detail: cause instanceof Error ? cause.message : String(cause) });
  }
}
