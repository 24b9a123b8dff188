import { addDays, daysBetween } from "./day";

/**
 * Exam-date planning, a gap Anki leaves to add-ons: how many new cards a day would introduce every card in
 * time, and at the learner's current pace, whether they will have.
 */

/** The last days before the exam are for reviewing, not for meeting cards for the first time. */
export const EXAM_REVIEW_ONLY_DAYS = 7;

export interface ExamProjectionInput {
  todayKey: string;
  examDate: string;
  /** Cards not yet studied. */
  unseen: number;
  /** Cards studied at least once. */
  seen: number;
  /** The learner's new-card limit. */
  newPerDay: number;
  /** New cards already introduced today (they count against today's limit). */
  introducedToday: number;
  /** Mean predicted recall at the exam of the cards already studied, if not reviewed again (0–1), or null when none. */
  recallIfIdle: number | null;
  desiredRetention: number;
}

export interface ExamProjection {
  daysLeft: number;
  /** Study days left for meeting new cards (before the review-only week). */
  introductionDays: number;
  /** New cards a day that would introduce every unseen card before the review-only week. */
  neededNewPerDay: number;
  /** The day the last unseen card is introduced at the current limit, or null when there are none. */
  finishDate: string | null;
  /** Cards still unseen on exam day at the current limit. */
  unseenAtExam: number;
  onTrack: boolean;
  /** Expected share of the whole deck recalled on exam day if the learner keeps up with reviews. */
  expectedKnownShare: number;
  recallIfIdle: number | null;
}

export function projectExam(input: ExamProjectionInput): ExamProjection {
  const daysLeft = daysBetween(input.todayKey, input.examDate);
  const introductionDays = Math.max(0, daysLeft - EXAM_REVIEW_ONLY_DAYS);
  const leftToday = Math.max(0, input.newPerDay - input.introducedToday);
  // Today's remaining allowance plus full days after it, up to the day before the exam.
  const capacity = daysLeft <= 0 ? 0 : leftToday + input.newPerDay * Math.max(0, daysLeft - 1);
  const unseenAtExam = Math.max(0, input.unseen - capacity);
  const neededNewPerDay = input.unseen === 0 ? 0 : Math.ceil(input.unseen / Math.max(1, introductionDays));
  let finishDate: string | null = null;
  if (input.unseen > 0 && input.newPerDay > 0) {
    const afterToday = Math.max(0, input.unseen - leftToday);
    finishDate = addDays(input.todayKey, Math.ceil(afterToday / input.newPerDay));
  }
  const total = input.unseen + input.seen;
  const knownAtExam = (total - unseenAtExam) * input.desiredRetention;
  return {
    daysLeft,
    introductionDays,
    neededNewPerDay,
    finishDate,
    unseenAtExam,
    onTrack: daysLeft > 0 && unseenAtExam === 0 && (finishDate === null || daysBetween(finishDate, input.examDate) >= 0),
    expectedKnownShare: total === 0 ? 0 : knownAtExam / total,
    recallIfIdle: input.recallIfIdle,
  };
}

/** Today's new-card limit: the learner's own, raised to the exam pace when they asked for that. */
export function effectiveNewPerDay(newPerDay: number, paceToExam: boolean, projection: ExamProjection | null): number {
  if (!paceToExam || !projection || projection.daysLeft <= 0) return newPerDay;
  return Math.max(newPerDay, projection.neededNewPerDay);
}
