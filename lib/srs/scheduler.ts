import {
  createEmptyCard,
  fsrs,
  forgetting_curve,
  generatorParameters,
  Rating,
  State,
  type Card as FsrsCard,
  type FSRS,
  type Grade,
  type StepUnit,
} from "ts-fsrs";
import type { SrsSettings } from "./settings";

/**
 * The one place that talks to ts-fsrs. Everything else in Examstack sees camelCase cards with named states and
 * ratings; ts-fsrs's snake_case card and numeric enums stay behind this file (STYLE.md: adapt at lib/srs).
 * Time always comes in as an argument, so the same inputs give the same schedule.
 */

export type CardState = "new" | "learning" | "review" | "relearning";
export type RatingName = "again" | "hard" | "good" | "easy";
export const ratingNames: readonly RatingName[] = ["again", "hard", "good", "easy"];

export interface SchedulingCard {
  due: Date;
  stability: number;
  difficulty: number;
  elapsedDays: number;
  scheduledDays: number;
  learningSteps: number;
  reps: number;
  lapses: number;
  state: CardState;
  lastReview: Date | null;
}

const stateToFsrs: Record<CardState, State> = { new: State.New, learning: State.Learning, review: State.Review, relearning: State.Relearning };
const stateFromFsrs: Record<State, CardState> = { [State.New]: "new", [State.Learning]: "learning", [State.Review]: "review", [State.Relearning]: "relearning" };
const ratingToFsrs: Record<RatingName, Grade> = { again: Rating.Again, hard: Rating.Hard, good: Rating.Good, easy: Rating.Easy };

export function ratingNumber(rating: RatingName): 1 | 2 | 3 | 4 {
  return ratingToFsrs[rating] as 1 | 2 | 3 | 4;
}

export function ratingFromNumber(value: number): RatingName | null {
  return ratingNames[value - 1] ?? null;
}

export function toFsrsCard(card: SchedulingCard): FsrsCard {
  return {
    due: card.due,
    stability: card.stability,
    difficulty: card.difficulty,
    elapsed_days: card.elapsedDays,
    scheduled_days: card.scheduledDays,
    learning_steps: card.learningSteps,
    reps: card.reps,
    lapses: card.lapses,
    state: stateToFsrs[card.state],
    last_review: card.lastReview ?? undefined,
  };
}

export function fromFsrsCard(card: FsrsCard): SchedulingCard {
  return {
    due: card.due,
    stability: card.stability,
    difficulty: card.difficulty,
    elapsedDays: card.elapsed_days,
    scheduledDays: card.scheduled_days,
    learningSteps: card.learning_steps,
    reps: card.reps,
    lapses: card.lapses,
    state: stateFromFsrs[card.state],
    lastReview: card.last_review ?? null,
  };
}

/** A card never studied, due at once. */
export function newSchedulingCard(now: Date): SchedulingCard {
  return fromFsrsCard(createEmptyCard(now));
}

export type SchedulerSettings = Pick<SrsSettings, "desiredRetention" | "learningSteps" | "relearningSteps" | "maximumIntervalDays" | "enableFuzz" | "parameters">;

/** The ts-fsrs parameters for a learner's settings (exported so tests can build the reference scheduler). */
export function fsrsParametersFor(settings: SchedulerSettings) {
  return generatorParameters({
    request_retention: settings.desiredRetention,
    maximum_interval: settings.maximumIntervalDays,
    enable_fuzz: settings.enableFuzz,
    enable_short_term: true,
    learning_steps: settings.learningSteps as StepUnit[],
    relearning_steps: settings.relearningSteps as StepUnit[],
    ...(settings.parameters ? { w: settings.parameters } : {}),
  });
}

export interface ReviewOutcome {
  card: SchedulingCard;
  /** Days from the previous review to this one, as ts-fsrs counted them. */
  elapsedDays: number;
}

export interface Scheduler {
  /** What each rating would do, for the interval shown on each button. */
  preview(card: SchedulingCard, now: Date): Record<RatingName, SchedulingCard>;
  review(card: SchedulingCard, rating: RatingName, now: Date): ReviewOutcome;
  /** Back to new, keeping or clearing the counts ("Reset" in the review screen clears them). */
  forget(card: SchedulingCard, now: Date, resetCounts: boolean): SchedulingCard;
  /** Probability of recall at `at`, 0 for a card never studied. */
  retrievability(card: SchedulingCard, at: Date): number;
}

export function createScheduler(settings: SchedulerSettings): Scheduler {
  const engine: FSRS = fsrs(fsrsParametersFor(settings));
  const params = engine.parameters;
  return {
    preview(card, now) {
      const preview = engine.repeat(toFsrsCard(card), now);
      return {
        again: fromFsrsCard(preview[Rating.Again].card),
        hard: fromFsrsCard(preview[Rating.Hard].card),
        good: fromFsrsCard(preview[Rating.Good].card),
        easy: fromFsrsCard(preview[Rating.Easy].card),
      };
    },
    review(card, rating, now) {
      const { card: next, log } = engine.next(toFsrsCard(card), now, ratingToFsrs[rating]);
      return { card: fromFsrsCard(next), elapsedDays: log.elapsed_days };
    },
    forget(card, now, resetCounts) {
      return fromFsrsCard(engine.forget(toFsrsCard(card), now, resetCounts).card);
    },
    retrievability(card, at) {
      if (card.state === "new" || !card.lastReview) return 0;
      const elapsed = Math.max(0, (at.getTime() - card.lastReview.getTime()) / 86_400_000);
      return forgetting_curve(params.w, elapsed, card.stability);
    },
  };
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** An interval the way Anki writes it on its buttons: 1m, 10m, 3h, 4d, 2.1mo, 1.3y. */
export function formatInterval(ms: number): string {
  const value = Math.max(ms, 0);
  if (value < HOUR) return `${Math.max(1, Math.round(value / MINUTE))}m`;
  if (value < DAY) return `${Math.round(value / HOUR)}h`;
  const days = value / DAY;
  if (days < 30) return `${Math.round(days)}d`;
  if (days < 365) return `${(days / 30).toFixed(1).replace(/\.0$/, "")}mo`;
  return `${(days / 365).toFixed(1).replace(/\.0$/, "")}y`;
}
