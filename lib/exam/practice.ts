import { questionSchema, type Question } from "../content/schema";
import { seededRandom } from "../random";
import { err, ok, type Result } from "../result";
import { revealQuestion, type QuestionFeedback } from "./redact";
import { responseSchema, scoreResponse } from "./scoring";

export interface PracticeCandidate {
  questionId: string;
  attempts: number | null;
  lastScore: number | null;
  lastAnsweredAt: Date | string | null;
}

/**
 * The next question of a drill: first those never answered, then those last answered wrongly, then the rest by
 * how long ago they were seen. Ties are broken by the seed, so the drill does not always start the same way.
 */
export function pickNextPracticeQuestion<T extends PracticeCandidate>(candidates: readonly T[], seed: number, skip?: string): T | undefined {
  const random = seededRandom(seed);
  const ranked = candidates
    .filter((candidate) => candidate.questionId !== skip || candidates.length === 1)
    .map((candidate) => {
      const group = !candidate.attempts ? 0 : (candidate.lastScore ?? 0) < 1 ? 1 : 2;
      const seen = candidate.lastAnsweredAt ? new Date(candidate.lastAnsweredAt).getTime() : 0;
      return { candidate, group, seen, tie: random() };
    })
    .sort((a, b) => a.group - b.group || a.seen - b.seen || a.tie - b.tie);
  return ranked[0]?.candidate;
}

export type PracticeGradeError = { code: "exam/invalid-response" } | { code: "exam/invalid-question" };

/** Grades one practice answer: the stored question (jsonb, re-validated here) against the learner's response. */
export function gradePracticeAnswer(
  storedQuestion: unknown,
  rawResponse: unknown,
): Result<{ question: Question; response: ReturnType<typeof responseSchema.parse>; feedback: QuestionFeedback }, PracticeGradeError> {
  const question = questionSchema.safeParse(storedQuestion);
  if (!question.success) return err({ code: "exam/invalid-question" });
  const response = responseSchema.safeParse(rawResponse);
  if (!response.success || response.data.kind !== question.data.kind) return err({ code: "exam/invalid-response" });
  const score = scoreResponse(question.data, response.data);
  return ok({ question: question.data, response: response.data, feedback: revealQuestion(question.data, response.data, score) });
}
