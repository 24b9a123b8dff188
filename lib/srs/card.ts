import { createScheduler, newSchedulingCard, type CardState, type RatingName, type SchedulerSettings, type SchedulingCard } from "./scheduler";

/** A learner's copy of a card: the FSRS schedule plus the flags a learner sets on it. */
export interface LearnerCard extends SchedulingCard {
  suspended: boolean;
  /** Hidden until this instant (the start of the next study day), or null. */
  buriedUntil: Date | null;
  /** Tagged once the learner forgot it `leechThreshold` times. */
  leech: boolean;
}

/** What a review log keeps of a card, before and after: plain JSON, so a schedule can be restored or recomputed. */
export interface CardSnapshot {
  due: string;
  stability: number;
  difficulty: number;
  elapsedDays: number;
  scheduledDays: number;
  learningSteps: number;
  reps: number;
  lapses: number;
  state: CardState;
  lastReview: string | null;
  suspended: boolean;
  buriedUntil: string | null;
  leech: boolean;
}

/** learn: first sight or a learning step; review: a graduated card; relearn: after a lapse; cram: custom study that leaves the schedule alone; reset: set back to new. */
export type ReviewKind = "learn" | "review" | "relearn" | "cram" | "reset";

export function newLearnerCard(now: Date): LearnerCard {
  return { ...newSchedulingCard(now), suspended: false, buriedUntil: null, leech: false };
}

export function snapshotOf(card: LearnerCard): CardSnapshot {
  return {
    due: card.due.toISOString(),
    stability: card.stability,
    difficulty: card.difficulty,
    elapsedDays: card.elapsedDays,
    scheduledDays: card.scheduledDays,
    learningSteps: card.learningSteps,
    reps: card.reps,
    lapses: card.lapses,
    state: card.state,
    lastReview: card.lastReview?.toISOString() ?? null,
    suspended: card.suspended,
    buriedUntil: card.buriedUntil?.toISOString() ?? null,
    leech: card.leech,
  };
}

export function cardFromSnapshot(snapshot: CardSnapshot): LearnerCard {
  return {
    ...snapshot,
    due: new Date(snapshot.due),
    lastReview: snapshot.lastReview ? new Date(snapshot.lastReview) : null,
    buriedUntil: snapshot.buriedUntil ? new Date(snapshot.buriedUntil) : null,
  };
}

/**
 * Anki's leech rule: a card becomes a leech when its lapses reach the threshold, and again every half threshold
 * after that (8, 12, 16… by default), so a learner who unsuspends a leech hears about it again if it keeps failing.
 */
export function isLeechLapse(lapses: number, threshold: number): boolean {
  if (lapses < threshold) return false;
  const every = Math.max(1, Math.ceil(threshold / 2));
  return (lapses - threshold) % every === 0;
}

export interface AnswerResult {
  card: LearnerCard;
  kind: ReviewKind;
  /** The answer made the card a leech: it is now tagged and suspended, and the learner should be told. */
  becameLeech: boolean;
}

export type AnswerSettings = SchedulerSettings & { leechThreshold: number };

export function reviewKindOf(state: CardState): ReviewKind {
  return state === "review" ? "review" : state === "relearning" ? "relearn" : "learn";
}

/** Grades a card: ts-fsrs computes the schedule; leech detection and the flags are ours. */
export function answerCard(card: LearnerCard, rating: RatingName, now: Date, settings: AnswerSettings): AnswerResult {
  const { card: next } = createScheduler(settings).review(card, rating, now);
  const lapsed = card.state === "review" && rating === "again";
  const becameLeech = lapsed && isLeechLapse(next.lapses, settings.leechThreshold);
  return {
    card: { ...next, suspended: card.suspended || becameLeech, buriedUntil: null, leech: card.leech || becameLeech },
    kind: reviewKindOf(card.state),
    becameLeech,
  };
}

/** "Reset": the card forgets its history and returns to the new queue; counts go too, as in Anki's "Forget". */
export function resetCard(card: LearnerCard, now: Date, settings: SchedulerSettings): LearnerCard {
  return { ...createScheduler(settings).forget(card, now, true), suspended: false, buriedUntil: null, leech: false };
}

export function buryCard(card: LearnerCard, until: Date): LearnerCard {
  return { ...card, buriedUntil: until };
}

export function suspendCard(card: LearnerCard, suspended: boolean): LearnerCard {
  return { ...card, suspended };
}
