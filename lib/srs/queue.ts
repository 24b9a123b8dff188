import type { CardState } from "./scheduler";

/**
 * Today's queue, Anki-style: learning cards whose step is due come first (they are short-term memory and must
 * not wait), then review cards due today (most overdue first), then new cards in course order. Daily limits
 * count what was already studied today; siblings (cards from the same note or question) are shown at most once
 * a day, so one card does not give away the answer to the next.
 */

export interface QueueCandidate {
  cardId: string;
  state: CardState;
  due: Date;
  /** `note:<id>` or `question:<id>`; cards with the same key are siblings. Null for a stand-alone card. */
  siblingKey: string | null;
}

export interface StudiedToday {
  /** New cards seen for the first time today. */
  newCards: number;
  /** Answers to review cards today (learning steps do not count, as in Anki). */
  reviews: number;
  /** Sibling keys of every card answered today. */
  siblingKeys: ReadonlySet<string>;
}

export interface DailyLimits {
  newPerDay: number;
  reviewsPerDay: number;
}

/** Anki shows a learning card up to 20 minutes early when nothing else is left, rather than making you wait. */
export const LEARN_AHEAD_MS = 20 * 60_000;

export interface QueueInput {
  /** Cards in (re)learning due today, earliest first (possibly only the first of them). */
  learning: readonly QueueCandidate[];
  /** How many cards are in (re)learning today, when `learning` holds only the first; defaults to its length. */
  learningCount?: number;
  /** Review cards due before the day ends, oldest due first. */
  reviews: readonly QueueCandidate[];
  /** New cards in the order they should be introduced. */
  newCards: readonly QueueCandidate[];
  studied: StudiedToday;
  limits: DailyLimits;
  burySiblings: boolean;
  now: Date;
}

export interface DueQueue {
  /** The card to show now, or null when nothing is due now. */
  next: QueueCandidate | null;
  counts: { learning: number; review: number; new: number };
  /** When the next learning card comes due, if all that is left today is waiting on a learning step. */
  nextLearningDue: Date | null;
}

export function buildDueQueue(input: QueueInput): DueQueue {
  const { studied, limits, now } = input;
  const taken = new Set<string>();
  const isBuried = (candidate: QueueCandidate) =>
    input.burySiblings && candidate.siblingKey !== null && (studied.siblingKeys.has(candidate.siblingKey) || taken.has(candidate.siblingKey));
  const take = (candidates: readonly QueueCandidate[], limit: number) => {
    const chosen: QueueCandidate[] = [];
    for (const candidate of candidates) {
      if (chosen.length >= limit) break;
      if (isBuried(candidate)) continue;
      if (candidate.siblingKey) taken.add(candidate.siblingKey);
      chosen.push(candidate);
    }
    return chosen;
  };

  // Learning cards are never buried: the learner has already started on them.
  const learning = [...input.learning].sort((a, b) => a.due.getTime() - b.due.getTime());
  for (const card of learning) if (card.siblingKey) taken.add(card.siblingKey);
  const reviews = take(input.reviews, Math.max(0, limits.reviewsPerDay - studied.reviews));
  const fresh = take(input.newCards, Math.max(0, limits.newPerDay - studied.newCards));

  const dueLearning = learning.filter((card) => card.due.getTime() <= now.getTime());
  const next =
    dueLearning[0] ??
    reviews[0] ??
    fresh[0] ??
    learning.find((card) => card.due.getTime() <= now.getTime() + LEARN_AHEAD_MS) ??
    null;
  return {
    next,
    counts: { learning: Math.max(input.learningCount ?? 0, learning.length), review: reviews.length, new: fresh.length },
    nextLearningDue: next ? null : (learning[0]?.due ?? null),
  };
}

/** The queue is empty for today: nothing due now and nothing waiting on a learning step. */
export function isDayFinished(queue: DueQueue): boolean {
  return !queue.next && queue.counts.learning === 0;
}
