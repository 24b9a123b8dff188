import { and, count, desc, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../client";
import { practiceAnswers, questionVersions, questions } from "../schema";

/** The current version of each live question in a topic, with how often this learner answered it and how well. */
export async function listPracticeQuestionsByTopic(db: Db, userId: string, topic: string) {
  const answered = db
    .select({
      questionId: practiceAnswers.questionId,
      attempts: count().as("attempts"),
      lastScore: sql<number>`(array_agg(${practiceAnswers.score} order by ${practiceAnswers.answeredAt} desc))[1]`.as("last_score"),
      lastAnsweredAt: sql<Date>`max(${practiceAnswers.answeredAt})`.as("last_answered_at"),
    })
    .from(practiceAnswers)
    .where(and(eq(practiceAnswers.userId, userId), eq(practiceAnswers.topic, topic)))
    .groupBy(practiceAnswers.questionId)
    .as("answered");
  return db
    .select({
      questionId: questions.id,
      versionId: questionVersions.id,
      body: questionVersions.body,
      attempts: answered.attempts,
      lastScore: answered.lastScore,
      lastAnsweredAt: answered.lastAnsweredAt,
    })
    .from(questions)
    .innerJoin(questionVersions, eq(questionVersions.id, questions.currentVersionId))
    .leftJoin(answered, eq(answered.questionId, questions.id))
    .where(and(eq(questions.topic, topic), isNull(questions.retiredAt)));
}

export async function insertPracticeAnswer(
  db: Db,
  answer: { userId: string; questionVersionId: string; questionId: string; topic: string; response: unknown; score: number; timeTakenMs: number | null },
) {
  const [row] = await db.insert(practiceAnswers).values(answer).returning();
  return row;
}

/** Per topic: questions this learner answered and their mean latest score — the learner's own numbers only. */
export async function summarizePracticeByUser(db: Db, userId: string) {
  const latest = db
    .selectDistinctOn([practiceAnswers.questionId], {
      questionId: practiceAnswers.questionId,
      topic: practiceAnswers.topic,
      score: practiceAnswers.score,
    })
    .from(practiceAnswers)
    .where(eq(practiceAnswers.userId, userId))
    .orderBy(practiceAnswers.questionId, desc(practiceAnswers.answeredAt))
    .as("latest");
  const rows = await db
    .select({ topic: latest.topic, answered: count(), meanScore: sql<number>`avg(${latest.score})` })
    .from(latest)
    .groupBy(latest.topic);
  return rows.map((row) => ({ topic: row.topic, answered: Number(row.answered), meanScore: Number(row.meanScore) }));
}

export async function listPracticeAnswersByQuestionVersion(db: Db, versionId: string) {
  return db.select().from(practiceAnswers).where(eq(practiceAnswers.questionVersionId, versionId));
}
