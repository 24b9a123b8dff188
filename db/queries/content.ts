import { and, asc, desc, eq, getTableColumns, inArray, isNull, sql, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Db } from "../client";
import {
  blueprints,
  cards,
  contentImports,
  decks,
  notes,
  questions,
  questionVersions,
  type BlueprintRow,
  type CardRow,
  type ContentImportRow,
  type DeckRow,
  type NoteRow,
  type QuestionRow,
  type QuestionVersionRow,
} from "../schema";

/** A database or an open transaction: every query here runs in either, so the importer can use one transaction. */
export type DbOrTx = Db | Parameters<Parameters<Db["transaction"]>[0]>[0];

/**
 * Rows per INSERT. Postgres allows 65,535 bind parameters per statement; the widest table here has 15 columns,
 * so 1,000 rows stay well inside that while keeping round trips few on PGlite.
 */
const ROWS_PER_STATEMENT = 1000;

function chunks<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) out.push(rows.slice(i, i + ROWS_PER_STATEMENT));
  return out;
}

/** `SET col = excluded.col` for every column the insert provides, so an upsert rewrites the whole item. */
function setFromExcluded(table: PgTable, keys: readonly string[]): Record<string, SQL> {
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  const set: Record<string, SQL> = {};
  for (const key of keys) {
    const column = columns[key];
    if (column) set[key] = sql.raw(`excluded."${column.name}"`);
  }
  return set;
}

// ---------------------------------------------------------------------------------------------------------------
// What the importer compares against

export interface ItemState {
  id: string;
  contentHash: string;
  sourceFile: string;
  retiredAt: Date | null;
}

export interface QuestionState extends ItemState {
  version: number;
}

export async function listNoteStates(db: DbOrTx): Promise<ItemState[]> {
  return db.select({ id: notes.id, contentHash: notes.contentHash, sourceFile: notes.sourceFile, retiredAt: notes.retiredAt }).from(notes);
}

export async function listDeckStates(db: DbOrTx): Promise<ItemState[]> {
  return db.select({ id: decks.id, contentHash: decks.contentHash, sourceFile: decks.sourceFile, retiredAt: decks.retiredAt }).from(decks);
}

export async function listCardStates(db: DbOrTx): Promise<ItemState[]> {
  return db.select({ id: cards.id, contentHash: cards.contentHash, sourceFile: cards.sourceFile, retiredAt: cards.retiredAt }).from(cards);
}

export async function listBlueprintStates(db: DbOrTx): Promise<ItemState[]> {
  return db
    .select({ id: blueprints.id, contentHash: blueprints.contentHash, sourceFile: blueprints.sourceFile, retiredAt: blueprints.retiredAt })
    .from(blueprints);
}

export async function listQuestionStates(db: DbOrTx): Promise<QuestionState[]> {
  return db
    .select({
      id: questions.id,
      contentHash: questions.contentHash,
      sourceFile: questions.sourceFile,
      retiredAt: questions.retiredAt,
      version: questionVersions.version,
    })
    .from(questions)
    .innerJoin(questionVersions, eq(questionVersions.id, questions.currentVersionId));
}

// ---------------------------------------------------------------------------------------------------------------
// Writes (the importer calls these inside one transaction)

export type NewNote = typeof notes.$inferInsert;
export type NewDeck = typeof decks.$inferInsert;
export type NewCard = typeof cards.$inferInsert;
export type NewBlueprint = typeof blueprints.$inferInsert;
export type NewQuestion = typeof questions.$inferInsert;
export type NewQuestionVersion = typeof questionVersions.$inferInsert;
export type NewContentImport = typeof contentImports.$inferInsert;

/** Inserts or rewrites items by id; a row that comes back un-retires. `now` becomes `updated_at`. */
async function upsertById<T extends Record<string, unknown>>(db: DbOrTx, table: PgTable & { id: PgColumn }, rows: readonly T[], now: Date): Promise<void> {
  for (const batch of chunks(rows)) {
    const values = batch.map((row) => ({ ...row, updatedAt: now, retiredAt: null }));
    const keys = Object.keys(values[0] ?? {}).filter((key) => key !== "id" && key !== "createdAt");
    await db
      .insert(table)
      .values(values as never)
      .onConflictDoUpdate({ target: table.id, set: setFromExcluded(table, keys) as never });
  }
}

export async function upsertNotesById(db: DbOrTx, rows: readonly NewNote[], now: Date): Promise<void> {
  await upsertById(db, notes, rows, now);
}

export async function upsertDecksById(db: DbOrTx, rows: readonly NewDeck[], now: Date): Promise<void> {
  await upsertById(db, decks, rows, now);
}

export async function upsertCardsById(db: DbOrTx, rows: readonly NewCard[], now: Date): Promise<void> {
  await upsertById(db, cards, rows, now);
}

export async function upsertBlueprintsById(db: DbOrTx, rows: readonly NewBlueprint[], now: Date): Promise<void> {
  await upsertById(db, blueprints, rows, now);
}

/** Questions point at a version, so their versions must be inserted first. */
export async function upsertQuestionsById(db: DbOrTx, rows: readonly NewQuestion[], now: Date): Promise<void> {
  await upsertById(db, questions, rows, now);
}

export async function insertQuestionVersions(db: DbOrTx, rows: readonly NewQuestionVersion[]): Promise<void> {
  for (const batch of chunks(rows)) await db.insert(questionVersions).values(batch);
}

async function retireById(db: DbOrTx, table: PgTable & { id: PgColumn; retiredAt: PgColumn; updatedAt: PgColumn }, ids: readonly string[], now: Date): Promise<void> {
  for (const batch of chunks(ids)) {
    await db
      .update(table)
      .set({ retiredAt: now, updatedAt: now } as never)
      .where(and(inArray(table.id, batch), isNull(table.retiredAt)));
  }
}

export async function retireNotesById(db: DbOrTx, ids: readonly string[], now: Date): Promise<void> {
  await retireById(db, notes, ids, now);
}

export async function retireDecksById(db: DbOrTx, ids: readonly string[], now: Date): Promise<void> {
  await retireById(db, decks, ids, now);
}

export async function retireCardsById(db: DbOrTx, ids: readonly string[], now: Date): Promise<void> {
  await retireById(db, cards, ids, now);
}

export async function retireBlueprintsById(db: DbOrTx, ids: readonly string[], now: Date): Promise<void> {
  await retireById(db, blueprints, ids, now);
}

export async function retireQuestionsById(db: DbOrTx, ids: readonly string[], now: Date): Promise<void> {
  await retireById(db, questions, ids, now);
}

export async function insertContentImport(db: DbOrTx, row: NewContentImport): Promise<void> {
  await db.insert(contentImports).values(row);
}

// ---------------------------------------------------------------------------------------------------------------
// Reads for pages

export async function getNoteById(db: DbOrTx, id: string): Promise<NoteRow | undefined> {
  const [note] = await db.select().from(notes).where(and(eq(notes.id, id), isNull(notes.retiredAt))).limit(1);
  return note;
}

/** Every current note in teaching order within each topic (the topic order itself lives in lib/content/topics). */
export async function listNotesByTopic(db: DbOrTx, topic?: string): Promise<NoteRow[]> {
  const where = topic ? and(isNull(notes.retiredAt), eq(notes.topic, topic)) : isNull(notes.retiredAt);
  return db.select().from(notes).where(where).orderBy(asc(notes.topic), asc(notes.sortOrder), asc(notes.id));
}

export interface CurrentQuestion {
  question: QuestionRow;
  version: QuestionVersionRow;
}

export async function getCurrentQuestionById(db: DbOrTx, id: string): Promise<CurrentQuestion | undefined> {
  const [row] = await db
    .select({ question: questions, version: questionVersions })
    .from(questions)
    .innerJoin(questionVersions, eq(questionVersions.id, questions.currentVersionId))
    .where(eq(questions.id, id))
    .limit(1);
  return row;
}

/** Current, not retired questions, optionally of one topic: the pool exams draw from. */
export async function listCurrentQuestionsByTopic(db: DbOrTx, topic?: string): Promise<CurrentQuestion[]> {
  const where = topic ? and(isNull(questions.retiredAt), eq(questions.topic, topic)) : isNull(questions.retiredAt);
  return db
    .select({ question: questions, version: questionVersions })
    .from(questions)
    .innerJoin(questionVersions, eq(questionVersions.id, questions.currentVersionId))
    .where(where)
    .orderBy(asc(questions.topic), asc(questions.id));
}

export async function listQuestionVersionsByQuestionId(db: DbOrTx, questionId: string): Promise<QuestionVersionRow[]> {
  return db.select().from(questionVersions).where(eq(questionVersions.questionId, questionId)).orderBy(asc(questionVersions.version));
}

export async function getQuestionVersionById(db: DbOrTx, id: string): Promise<QuestionVersionRow | undefined> {
  const [version] = await db.select().from(questionVersions).where(eq(questionVersions.id, id)).limit(1);
  return version;
}

export async function listCardsByTopic(db: DbOrTx, topic?: string): Promise<CardRow[]> {
  const where = topic ? and(isNull(cards.retiredAt), eq(cards.topic, topic)) : isNull(cards.retiredAt);
  return db.select().from(cards).where(where).orderBy(asc(cards.topic), asc(cards.id));
}

export async function listDecksByTopic(db: DbOrTx): Promise<DeckRow[]> {
  return db.select().from(decks).where(isNull(decks.retiredAt)).orderBy(asc(decks.topic), asc(decks.title));
}

export async function getBlueprintById(db: DbOrTx, id: string): Promise<BlueprintRow | undefined> {
  const [blueprint] = await db.select().from(blueprints).where(and(eq(blueprints.id, id), isNull(blueprints.retiredAt))).limit(1);
  return blueprint;
}

export async function listBlueprintsByTitle(db: DbOrTx): Promise<BlueprintRow[]> {
  return db.select().from(blueprints).where(isNull(blueprints.retiredAt)).orderBy(asc(blueprints.title));
}

export async function getLatestContentImport(db: DbOrTx): Promise<ContentImportRow | undefined> {
  const [row] = await db.select().from(contentImports).orderBy(desc(contentImports.finishedAt)).limit(1);
  return row;
}

// ---------------------------------------------------------------------------------------------------------------
// Full-text search (Postgres tsvector; `websearch_to_tsquery` accepts what people type: words, "phrases", -not)

export interface NoteSearchHit {
  id: string;
  title: string;
  topic: string;
  /**
   * Plain text (not HTML: it may contain `<` from the Markdown) with each match between SNIPPET_MATCH_START and
   * SNIPPET_MATCH_END; split it with lib/content's `splitSnippet` and render the parts as text.
   */
  snippet: string;
  rank: number;
}

const SEARCH_LIMIT = 20;

/** Private-use characters: they never occur in content, so they cannot be forged by an author or a learner. */
export const SNIPPET_MATCH_START = "\uE000";
export const SNIPPET_MATCH_END = "\uE001";
const headlineOptions = (fragments: number) =>
  `StartSel=${SNIPPET_MATCH_START}, StopSel=${SNIPPET_MATCH_END}, MaxFragments=${fragments}, MaxWords=25, MinWords=8`;

export async function searchNotesByText(db: DbOrTx, text: string, limit = SEARCH_LIMIT): Promise<NoteSearchHit[]> {
  const query = sql`websearch_to_tsquery('english', ${text})`;
  return db
    .select({
      id: notes.id,
      title: notes.title,
      topic: notes.topic,
      snippet: sql<string>`ts_headline('english', ${notes.body}, ${query}, ${headlineOptions(2)})`,
      rank: sql<number>`ts_rank(${notes.search}, ${query})`,
    })
    .from(notes)
    .where(and(isNull(notes.retiredAt), sql`${notes.search} @@ ${query}`))
    .orderBy(desc(sql`ts_rank(${notes.search}, ${query})`), asc(notes.id))
    .limit(limit);
}

export interface QuestionSearchHit {
  id: string;
  topic: string;
  kind: string;
  snippet: string;
  rank: number;
}

/** Searches the current version of every live question (stems and explanations). */
export async function searchQuestionsByText(db: DbOrTx, text: string, limit = SEARCH_LIMIT): Promise<QuestionSearchHit[]> {
  const query = sql`websearch_to_tsquery('english', ${text})`;
  return db
    .select({
      id: questions.id,
      topic: questions.topic,
      kind: questions.kind,
      snippet: sql<string>`ts_headline('english', ${questionVersions.stem}, ${query}, ${headlineOptions(0)})`,
      rank: sql<number>`ts_rank(${questionVersions.search}, ${query})`,
    })
    .from(questions)
    .innerJoin(questionVersions, eq(questionVersions.id, questions.currentVersionId))
    .where(and(isNull(questions.retiredAt), sql`${questionVersions.search} @@ ${query}`))
    .orderBy(desc(sql`ts_rank(${questionVersions.search}, ${query})`), asc(questions.id))
    .limit(limit);
}
