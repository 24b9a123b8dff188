import type { Db } from "@/db/client";
import { addQuestionAsCard, studyNoteCards } from "../srs/service";
import { listNotesByTopic } from "@/db/queries/content";
import { topics } from "../content/topics";
import { ok, type Result } from "../result";
import { loadAttemptReview, type ExamError } from "./service";

/**
 * Where exams and labs hand mistakes to the flashcards (issue 7): questions answered wrongly become personal
 * cards, and a lab whose checks failed brings the cards of the notes that teach its topic back into review.
 */

export interface AddedCards {
  /** Cards created now. */
  added: number;
  /** Questions that were already cards (a second click adds nothing). */
  alreadyAdded: number;
}

/** "Add the ones I got wrong to my flashcards": idempotent, and only for the learner's own submitted attempt. */
export async function addWrongAnswersToFlashcards(db: Db, userId: string, attemptId: string, now: Date): Promise<Result<AddedCards, ExamError>> {
  const review = await loadAttemptReview(db, userId, attemptId, now);
  if (!review.ok) return review;
  let added = 0;
  let alreadyAdded = 0;
  for (const questionId of new Set(review.value.wrongQuestionIds)) {
    const card = await addQuestionAsCard(db, userId, questionId, now);
    // A question retired since the attempt has no live version to make a card from; it is skipped, not fatal.
    if (!card.ok) continue;
    if (card.value.alreadyAdded) alreadyAdded++;
    else added++;
  }
  return ok({ added, alreadyAdded });
}

export interface ResurfacedCards {
  /** How many of the notes' cards are now due (or first in line, if never studied). */
  count: number;
  /** What they are about, for the notice: the lab's topic title. */
  about: string;
}

/**
 * After a graded lab with a failed check: the cards of the notes that teach the lab's topic are studied next
 * (new ones first in line, seen ones due now). Labs name no notes of their own, so the topic's notes stand in.
 * Returns null when every check passed or the topic's notes have no cards.
 */
export async function resurfaceCardsForFailedLab(
  db: Db,
  userId: string,
  lab: { topic: string },
  grade: { results: readonly { passed: boolean }[] },
  now: Date,
): Promise<ResurfacedCards | null> {
  if (grade.results.every((check) => check.passed)) return null;
  const noteIds = (await listNotesByTopic(db, lab.topic)).map((note) => note.id);
  if (noteIds.length === 0) return null;
  const studied = await studyNoteCards(db, userId, noteIds, now);
  if (!studied.ok) return null;
  const count = studied.value.queued + studied.value.resurfaced;
  return count > 0 ? { count, about: topics.find((topic) => topic.id === lab.topic)?.title ?? lab.topic } : null;
}
