import { and, count, isNull, sql } from "drizzle-orm";
import type { Db } from "../client";
import { notes, questions } from "../schema";

// Reads the learner pages need beside db/queries/content.ts (notes, questions, search live there).

export async function getNoteTitlesByIds(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: notes.id, title: notes.title })
    .from(notes)
    .where(and(sql`${notes.id} = any(${sql.param(ids)}::text[])`, isNull(notes.retiredAt)));
}

export async function countQuestionsByTopic(db: Db) {
  const rows = await db
    .select({ topic: questions.topic, questions: count() })
    .from(questions)
    .where(isNull(questions.retiredAt))
    .groupBy(questions.topic);
  return new Map(rows.map((row) => [row.topic, Number(row.questions)]));
}
