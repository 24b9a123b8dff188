import { createEmptyCard, fsrs, Rating, type Card, type Grade } from "ts-fsrs";
import { describe, expect, it } from "vitest";
import { fixedClock } from "@/lib/clock";
import {
  answerCard,
  buryCard,
  cardFromSnapshot,
  createScheduler,
  defaultSrsSettings,
  formatInterval,
  fsrsParametersFor,
  isLeechLapse,
  newLearnerCard,
  resetCard,
  snapshotOf,
  suspendCard,
  toFsrsCard,
  type LearnerCard,
  type RatingName,
} from "@/lib/srs";

const settings = { ...defaultSrsSettings };
const MINUTE = 60_000;
const DAY = 86_400_000;

/** A learner's sequence of answers, each some time after the previous card came due. */
const sequence: { rating: RatingName; grade: Grade; waitMs: number }[] = [
  { rating: "good", grade: Rating.Good, waitMs: 0 },
  { rating: "good", grade: Rating.Good, waitMs: 10 * MINUTE },
  { rating: "good", grade: Rating.Good, waitMs: 2 * DAY },
  { rating: "again", grade: Rating.Again, waitMs: 9 * DAY },
  { rating: "hard", grade: Rating.Hard, waitMs: 10 * MINUTE },
  { rating: "easy", grade: Rating.Easy, waitMs: 3 * DAY },
  { rating: "good", grade: Rating.Good, waitMs: 20 * DAY },
];

describe("the scheduler matches ts-fsrs exactly", () => {
  it("gives the same card after every answer of a sequence, fuzz included", () => {
    const clock = fixedClock("2026-01-10T08:00:00Z");
    const reference = fsrs(fsrsParametersFor(settings));
    let theirs: Card = createEmptyCard(clock.now());
    let ours: LearnerCard = newLearnerCard(clock.now());
    for (const step of sequence) {
      clock.advance(step.waitMs);
      theirs = reference.next(theirs, clock.now(), step.grade).card;
      ours = answerCard(ours, step.rating, clock.now(), settings).card;
      expect(toFsrsCard(ours)).toEqual({ ...theirs, last_review: theirs.last_review });
    }
    expect(ours.state).toBe("review");
    expect(ours.lapses).toBe(1);
    expect(ours.reps).toBe(sequence.length);
  });

  it("previews each button's interval as ts-fsrs's repeat does", () => {
    const now = new Date("2026-01-10T08:00:00Z");
    const card = newLearnerCard(now);
    const preview = createScheduler(settings).preview(card, now);
    const reference = fsrs(fsrsParametersFor(settings)).repeat(createEmptyCard(now), now);
    expect(preview.again.due).toEqual(reference[Rating.Again].card.due);
    expect(preview.easy.due).toEqual(reference[Rating.Easy].card.due);
    expect(formatInterval(preview.again.due.getTime() - now.getTime())).toBe("1m");
    expect(formatInterval(preview.good.due.getTime() - now.getTime())).toBe("10m");
  });

  it("writes intervals the way Anki's buttons do", () => {
    expect(formatInterval(30_000)).toBe("1m");
    expect(formatInterval(3 * 60 * MINUTE)).toBe("3h");
    expect(formatInterval(4 * DAY)).toBe("4d");
    expect(formatInterval(63 * DAY)).toBe("2.1mo");
    expect(formatInterval(365 * DAY)).toBe("1y");
  });
});

describe("desired retention", () => {
  it("changes future intervals only: a stored due date stays, the next answer is spaced by the new target", () => {
    const clock = fixedClock("2026-01-10T08:00:00Z");
    let card = newLearnerCard(clock.now());
    for (const step of sequence.slice(0, 3)) {
      clock.advance(step.waitMs);
      card = answerCard(card, step.rating, clock.now(), settings).card;
    }
    const dueBefore = card.due;
    const relaxed = { ...settings, desiredRetention: 0.8, enableFuzz: false };
    const strict = { ...settings, desiredRetention: 0.95, enableFuzz: false };
    // Nothing is recomputed when the setting changes: the card object is all there is.
    expect(card.due).toEqual(dueBefore);
    clock.set(card.due);
    const lower = answerCard(card, "good", clock.now(), relaxed).card;
    const higher = answerCard(card, "good", clock.now(), strict).card;
    expect(lower.scheduledDays).toBeGreaterThan(higher.scheduledDays);
  });
});

describe("card flags", () => {
  const now = new Date("2026-01-10T08:00:00Z");

  it("tags and suspends a card at its eighth lapse, and again every four lapses after", () => {
    expect([7, 8, 9, 11, 12, 16].map((lapses) => isLeechLapse(lapses, 8))).toEqual([false, true, false, false, true, true]);
    let card: LearnerCard = { ...newLearnerCard(now), state: "review", stability: 5, difficulty: 5, lapses: 7, reps: 20, scheduledDays: 5, lastReview: new Date(now.getTime() - 5 * DAY), due: now };
    const lapse = answerCard(card, "again", now, settings);
    expect(lapse.becameLeech).toBe(true);
    expect(lapse.card).toMatchObject({ lapses: 8, leech: true, suspended: true, state: "relearning" });
    // Failing a learning card is not a lapse.
    card = { ...newLearnerCard(now), lapses: 7 };
    expect(answerCard(card, "again", now, settings).becameLeech).toBe(false);
  });

  it("undo is exact: a snapshot taken before an answer restores the card, field for field", () => {
    let card = newLearnerCard(now);
    card = answerCard(card, "good", now, settings).card;
    const before = snapshotOf(card);
    const after = answerCard(card, "again", new Date(now.getTime() + 10 * MINUTE), settings).card;
    expect(after).not.toEqual(card);
    expect(cardFromSnapshot(before)).toEqual(card);
    expect(cardFromSnapshot(JSON.parse(JSON.stringify(before)))).toEqual(card);
  });

  it("agrees with ts-fsrs's own rollback on the schedule it restores", () => {
    const reference = fsrs(fsrsParametersFor(settings));
    const later = new Date(now.getTime() + 10 * MINUTE);
    const first = answerCard(newLearnerCard(now), "good", now, settings).card;
    const before = snapshotOf(first);
    const second = reference.next(toFsrsCard(first), later, Rating.Good);
    const rolledBack = reference.rollback(second.card, second.log);
    const restored = toFsrsCard(cardFromSnapshot(before));
    expect(restored).toMatchObject({ state: rolledBack.state, reps: rolledBack.reps, lapses: rolledBack.lapses, stability: rolledBack.stability, difficulty: rolledBack.difficulty, due: rolledBack.due });
  });

  it("suspends, buries and resets without touching the schedule more than asked", () => {
    const started = answerCard(newLearnerCard(now), "easy", now, settings).card;
    expect(suspendCard(started, true)).toEqual({ ...started, suspended: true });
    const until = new Date("2026-01-11T04:00:00Z");
    expect(buryCard(started, until)).toEqual({ ...started, buriedUntil: until });
    const reset = resetCard({ ...started, leech: true, suspended: true }, now, settings);
    expect(reset).toMatchObject({ state: "new", reps: 0, lapses: 0, leech: false, suspended: false });
    // The next answer after a bury clears it.
    expect(answerCard(buryCard(started, until), "good", until, settings).card.buriedUntil).toBeNull();
  });
});
