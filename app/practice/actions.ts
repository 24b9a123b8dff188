"use server";

import { z } from "zod";
import { getDb } from "@/db/client";
import { getQuestionVersionById } from "@/db/queries/content";
import { insertPracticeAnswer } from "@/db/queries/practice";
import { getNoteTitlesByIds } from "@/db/queries/reading";
import { requireArea } from "@/lib/auth/guards";
import { renderMarkdown } from "@/lib/content/render";
import { gradePracticeAnswer } from "@/lib/exam/practice";

const answerSchema = z.object({
  versionId: z.string().min(1).max(200),
  response: z.unknown(),
  timeTakenMs: z.number().int().min(0).max(3_600_000).nullable(),
});

export interface PracticeFeedbackView {
  error?: string;
  score?: number;
  correct?: boolean;
  correctOptionKeys?: string[];
  optionFeedbackHtml?: { key: string; html: string }[];
  correctAnswerHtml?: string;
  correctOrderHtml?: string[];
  explanationHtml?: string;
  notes?: { id: string; title: string }[];
}

/** Grades a practice answer, stores it against the exact question version shown, and reveals the key. */
export async function answerPracticeQuestion(input: unknown): Promise<PracticeFeedbackView> {
  const user = await requireArea("learn");
  const parsed = answerSchema.safeParse(input);
  if (!parsed.success) return { error: "That answer could not be read; reload the page and try again." };
  const db = await getDb();
  const version = await getQuestionVersionById(db, parsed.data.versionId);
  if (!version) return { error: "This question no longer exists; go on to the next one." };
  const graded = gradePracticeAnswer(version.body, parsed.data.response);
  if (!graded.ok) return { error: "Choose an answer first." };
  const { feedback, response } = graded.value;
  await insertPracticeAnswer(db, {
    userId: user.id,
    questionVersionId: version.id,
    questionId: version.questionId,
    topic: version.topic,
    response,
    score: feedback.score,
    timeTakenMs: parsed.data.timeTakenMs,
  });
  const html = (markdown: string) => renderMarkdown(markdown).html;
  return {
    score: feedback.score,
    correct: feedback.correct,
    correctOptionKeys: feedback.correctOptionKeys,
    optionFeedbackHtml: feedback.optionFeedback?.map((entry) => ({ key: entry.key, html: html(entry.feedback) })),
    correctAnswerHtml: feedback.correctAnswer ? html(feedback.kind === "short" || feedback.kind === "command" ? `\`${feedback.correctAnswer}\`` : feedback.correctAnswer) : undefined,
    correctOrderHtml: feedback.correctOrder?.map(html),
    explanationHtml: html(feedback.explanation),
    notes: await getNoteTitlesByIds(db, feedback.noteIds),
  };
}
