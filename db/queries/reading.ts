import { and, count, desc, isNull, sql } from "drizzle-orm";
import type { Db } from "../client";
import { blueprints, cards, contentImports, decks, notes, questions } from "../schema";

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

/** How many live items of each kind the database holds (what learners can see now). */
export async function countLiveContent(db: Db) {
  const live = async (table: typeof notes | typeof questions | typeof cards | typeof decks | typeof blueprints) => {
    const [row] = await db.select({ n: count() }).from(table).where(isNull(table.retiredAt));
    return Number(row?.n ?? 0);
  };
  const [noteCount, questionCount, cardCount, deckCount, blueprintCount] = await Promise.all([
    live(notes),
    live(questions),
    live(cards),
    live(decks),
    live(blueprints),
  ]);
  return { notes: noteCount, questions: questionCount, cards: cardCount, decks: deckCount, blueprints: blueprintCount };
}

/** The most recent imports, newest first, for the content status page. */
export async function listContentImportsByRecency(db: Db, limit = 10) {
  return db.select().from(contentImports).orderBy(desc(contentImports.finishedAt)).limit(limit);
}
