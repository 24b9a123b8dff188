import { and, asc, desc, eq, gt, gte, inArray, isNull, lt, lte, ne, or, sql } from "drizzle-orm";
import type { Db } from "../client";
import {
  cards,
  decks,
  notes,
  questions,
  questionVersions,
  srsCardStates,
  srsPersonalCards,
  srsPersonalDecks,
  srsReviewLogs,
  srsSettings,
  type CardSnapshotJson,
  type NewSrsCardState,
  type NewSrsReviewLog,
  type SrsCardStateRow,
  type SrsReviewLogRow,
} from "../schema";

type DbOrTx = Db | Parameters<Parameters<Db["transaction"]>[0]>[0];

/**
 * A Date inside a raw `sql` template: postgres.js cannot bind a Date there (drizzle maps Dates only for columns
 * it knows), so it travels as ISO text with an explicit cast, which both drivers accept.
 */
const timestamp = (date: Date) => sql`${date.toISOString()}::timestamptz`;

/** Personal cards and imports sort after every course topic. */
export const PERSONAL_TOPIC_RANK = 1000;

// ---------------------------------------------------------------------------------------------------------------
// Settings

export async function getSrsSettingsByUser(db: DbOrTx, userId: string) {
  const [row] = await db.select().from(srsSettings).where(eq(srsSettings.userId, userId)).limit(1);
  return row;
}

export async function upsertSrsSettingsByUser(db: DbOrTx, userId: string, settings: Record<string, unknown>, now: Date, optimizedAt?: Date) {
  await db
    .insert(srsSettings)
    .values({ userId, settings, updatedAt: now, parametersOptimizedAt: optimizedAt ?? null })
    .onConflictDoUpdate({
      target: srsSettings.userId,
      set: { settings, updatedAt: now, ...(optimizedAt ? { parametersOptimizedAt: optimizedAt } : {}) },
    });
}

// ---------------------------------------------------------------------------------------------------------------
// Card states

/**
 * Gives the learner a state row (new, due now) for every live course card they do not have one for, and marks
 * rows of course cards removed from the content as retired. Two statements; after the first visit both touch
 * nothing. `topicOrder` is the teaching order of topics (lib/content/topics), which db/ cannot import.
 */
export async function syncCourseCardStatesByUser(db: DbOrTx, userId: string, topicOrder: readonly string[], now: Date): Promise<void> {
  const order = sql`ARRAY[${sql.join(
    topicOrder.map((topic) => sql`${topic}`),
    sql`, `,
  )}]::text[]`;
  await db.execute(sql`
    INSERT INTO ${srsCardStates} (user_id, card_id, source, topic, topic_rank, position, sibling_key, state, due, stability, difficulty,
      elapsed_days, scheduled_days, learning_steps, reps, lapses, created_at, updated_at)
    SELECT ${userId}, c.id, 'course', c.topic, coalesce(array_position(${order}, c.topic), ${PERSONAL_TOPIC_RANK - 1}),
      coalesce(n.sort_order, 1000000), CASE WHEN c.note_id IS NULL THEN NULL ELSE 'note:' || c.note_id END,
      'new', ${timestamp(now)}, 0, 0, 0, 0, 0, 0, 0, ${timestamp(now)}, ${timestamp(now)}
    FROM ${cards} c LEFT JOIN ${notes} n ON n.id = c.note_id
    WHERE c.retired_at IS NULL
    ON CONFLICT (user_id, card_id) DO NOTHING`);
  await db.execute(sql`
    UPDATE ${srsCardStates} s SET retired = (c.retired_at IS NOT NULL)
    FROM ${cards} c
    WHERE s.user_id = ${userId} AND s.card_id = c.id AND s.retired <> (c.retired_at IS NOT NULL)`);
}

export async function getCardStateByUser(db: DbOrTx, userId: string, cardId: string): Promise<SrsCardStateRow | undefined> {
  const [row] = await db
    .select()
    .from(srsCardStates)
    .where(and(eq(srsCardStates.userId, userId), eq(srsCardStates.cardId, cardId)))
    .limit(1);
  return row;
}

const live = (userId: string) => and(eq(srsCardStates.userId, userId), eq(srsCardStates.retired, false), eq(srsCardStates.suspended, false));
const notBuried = (now: Date) => or(isNull(srsCardStates.buriedUntil), lte(srsCardStates.buriedUntil, now));

const candidateColumns = {
  cardId: srsCardStates.cardId,
  state: srsCardStates.state,
  due: srsCardStates.due,
  siblingKey: srsCardStates.siblingKey,
};

/** Learning cards read for the queue; a learner rarely has more in flight, and only the earliest can be next. */
const LEARNING_READ = 100;

export interface QueueQuery {
  now: Date;
  dayEnd: Date;
  reviewLimit: number;
  newLimit: number;
  /** Only cards of this topic ("decks by topic"); `personal` for the learner's own cards. */
  topic?: string;
}

/**
 * The candidates for today's queue, each list already in the order it will be shown. Siblings may be skipped by
 * lib/srs, so a few more than the limits are read.
 */
export async function listQueueCandidatesByUser(db: DbOrTx, userId: string, query: QueueQuery) {
  const SIBLING_SLACK = 50;
  const topic = query.topic ? eq(srsCardStates.topic, query.topic) : undefined;
  const personal = query.topic === "personal" ? eq(srsCardStates.source, "personal") : topic;
  const started = and(live(userId), notBuried(query.now), ne(srsCardStates.state, "new"), lt(srsCardStates.due, query.dayEnd), personal);
  const inLearning = and(started, inArray(srsCardStates.state, ["learning", "relearning"]));
  const [learning, reviews, newCards] = await Promise.all([
    // `count(*) OVER ()` counts every matching row before the limit applies: the learning total in the same query.
    db
      .select({ ...candidateColumns, total: sql<number>`count(*) OVER ()` })
      .from(srsCardStates)
      .where(inLearning)
      .orderBy(asc(srsCardStates.due))
      .limit(LEARNING_READ),
    query.reviewLimit <= 0
      ? Promise.resolve([])
      : db
          .select(candidateColumns)
          .from(srsCardStates)
          .where(and(started, eq(srsCardStates.state, "review")))
          .orderBy(asc(srsCardStates.due), asc(srsCardStates.cardId))
          .limit(query.reviewLimit + SIBLING_SLACK),
    query.newLimit <= 0
      ? Promise.resolve([])
      : db
          .select(candidateColumns)
          .from(srsCardStates)
          .where(and(live(userId), notBuried(query.now), eq(srsCardStates.state, "new"), personal))
          .orderBy(sql`${srsCardStates.prioritizedAt} ASC NULLS LAST`, asc(srsCardStates.topicRank), asc(srsCardStates.position), asc(srsCardStates.cardId))
          .limit(query.newLimit + SIBLING_SLACK),
  ]);
  return { learning: learning.map(({ total: _total, ...candidate }) => candidate), learningCount: Number(learning[0]?.total ?? 0), reviews, newCards };
}

/** What counts against today's limits, from the day's review logs (so an undone answer stops counting). */
export async function getStudiedTodayByUser(db: DbOrTx, userId: string, dayStart: Date) {
  const today = and(eq(srsReviewLogs.userId, userId), gte(srsReviewLogs.reviewedAt, dayStart), ne(srsReviewLogs.kind, "cram"), ne(srsReviewLogs.kind, "reset"));
  const [counts] = await db
    .select({
      newCards: sql<number>`count(DISTINCT ${srsReviewLogs.cardId}) FILTER (WHERE ${srsReviewLogs.previousState} = 'new')`,
      reviews: sql<number>`count(*) FILTER (WHERE ${srsReviewLogs.previousState} = 'review')`,
      siblingKeys: sql<string[] | null>`array_agg(DISTINCT ${srsReviewLogs.siblingKey}) FILTER (WHERE ${srsReviewLogs.siblingKey} IS NOT NULL)`,
    })
    .from(srsReviewLogs)
    .where(today);
  return {
    newCards: Number(counts?.newCards ?? 0),
    reviews: Number(counts?.reviews ?? 0),
    siblingKeys: new Set(counts?.siblingKeys ?? []),
  };
}

/** The text of a card the learner may see: a live course card, or one of their own. */
export async function getCardContentByUser(db: DbOrTx, userId: string, cardId: string) {
  if (cardId.startsWith("p:")) {
    const [row] = await db
      .select({ id: srsPersonalCards.id, front: srsPersonalCards.front, back: srsPersonalCards.back, topic: srsPersonalCards.topic, questionId: srsPersonalCards.questionId, deckTitle: srsPersonalDecks.title })
      .from(srsPersonalCards)
      .leftJoin(srsPersonalDecks, eq(srsPersonalDecks.id, srsPersonalCards.deckId))
      .where(and(eq(srsPersonalCards.id, cardId), eq(srsPersonalCards.userId, userId)))
      .limit(1);
    return row ? { id: row.id, front: row.front, back: row.back, topic: row.topic, source: row.questionId ? "From a question" : (row.deckTitle ?? "Your cards"), noteId: null } : undefined;
  }
  const [row] = await db
    .select({ id: cards.id, front: cards.front, back: cards.back, topic: cards.topic, noteId: cards.noteId, noteTitle: notes.title, deckTitle: decks.title })
    .from(cards)
    .leftJoin(notes, eq(notes.id, cards.noteId))
    .leftJoin(decks, eq(decks.id, cards.deckId))
    .where(eq(cards.id, cardId))
    .limit(1);
  return row ? { id: row.id, front: row.front, back: row.back, topic: row.topic, source: row.noteTitle ?? row.deckTitle ?? "", noteId: row.noteId } : undefined;
}

export type CardStateUpdate = Pick<
  NewSrsCardState,
  "state" | "due" | "stability" | "difficulty" | "elapsedDays" | "scheduledDays" | "learningSteps" | "reps" | "lapses" | "lastReview" | "suspended" | "buriedUntil" | "leech"
>;

export async function updateCardStateByUser(db: DbOrTx, userId: string, cardId: string, update: CardStateUpdate & { updatedAt: Date }) {
  await db
    .update(srsCardStates)
    .set(update)
    .where(and(eq(srsCardStates.userId, userId), eq(srsCardStates.cardId, cardId)));
}

/** An answer: the card's new state and its log row, together or not at all. */
export async function saveReviewByUser(db: Db, userId: string, cardId: string, update: (CardStateUpdate & { updatedAt: Date }) | null, log: Omit<NewSrsReviewLog, "userId" | "cardId">) {
  return db.transaction(async (tx) => {
    if (update) await updateCardStateByUser(tx, userId, cardId, update);
    const [row] = await tx
      .insert(srsReviewLogs)
      .values({ ...log, userId, cardId })
      .returning({ id: srsReviewLogs.id });
    return row?.id;
  });
}

export async function getLastReviewByUser(db: DbOrTx, userId: string): Promise<SrsReviewLogRow | undefined> {
  const [row] = await db.select().from(srsReviewLogs).where(eq(srsReviewLogs.userId, userId)).orderBy(desc(srsReviewLogs.reviewedAt), desc(srsReviewLogs.id)).limit(1);
  return row;
}

/** Undo: put the card back as the log found it and forget the answer. */
export async function undoReviewByUser(db: Db, userId: string, logId: string, restore: (CardStateUpdate & { updatedAt: Date }) | null, cardId: string) {
  await db.transaction(async (tx) => {
    if (restore) await updateCardStateByUser(tx, userId, cardId, restore);
    await tx.delete(srsReviewLogs).where(and(eq(srsReviewLogs.id, logId), eq(srsReviewLogs.userId, userId)));
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Custom study

export async function listCramCandidatesByUser(db: DbOrTx, userId: string, topic: string, includeNew: boolean, now: Date, limit: number) {
  return db
    .select(candidateColumns)
    .from(srsCardStates)
    .where(and(live(userId), notBuried(now), topic === "personal" ? eq(srsCardStates.source, "personal") : eq(srsCardStates.topic, topic), includeNew ? undefined : ne(srsCardStates.state, "new")))
    .orderBy(sql`CASE WHEN ${srsCardStates.state} = 'new' THEN 1 ELSE 0 END`, asc(srsCardStates.due), asc(srsCardStates.topicRank), asc(srsCardStates.position), asc(srsCardStates.cardId))
    .limit(limit);
}

export async function listAheadCandidatesByUser(db: DbOrTx, userId: string, from: Date, until: Date, limit: number) {
  return db
    .select(candidateColumns)
    .from(srsCardStates)
    .where(and(live(userId), eq(srsCardStates.state, "review"), gte(srsCardStates.due, from), lt(srsCardStates.due, until)))
    .orderBy(asc(srsCardStates.due), asc(srsCardStates.cardId))
    .limit(limit);
}

export async function listForgottenCandidatesByUser(db: DbOrTx, userId: string, since: Date, limit: number) {
  const forgotten = db
    .selectDistinct({ cardId: srsReviewLogs.cardId })
    .from(srsReviewLogs)
    .where(and(eq(srsReviewLogs.userId, userId), gte(srsReviewLogs.reviewedAt, since), eq(srsReviewLogs.rating, 1)));
  return db
    .select(candidateColumns)
    .from(srsCardStates)
    .where(and(live(userId), inArray(srsCardStates.cardId, forgotten)))
    .orderBy(asc(srsCardStates.due), asc(srsCardStates.cardId))
    .limit(limit);
}

// ---------------------------------------------------------------------------------------------------------------
// Overviews and statistics

/** Per topic (personal cards as `personal`): cards, how many are new, due by the end of today, suspended. */
export async function countCardsByTopicForUser(db: DbOrTx, userId: string, dayEnd: Date) {
  const topic = sql<string>`CASE WHEN ${srsCardStates.source} = 'personal' THEN 'personal' ELSE ${srsCardStates.topic} END`;
  const rows = await db
    .select({
      topic,
      total: sql<number>`count(*)`,
      fresh: sql<number>`count(*) FILTER (WHERE ${srsCardStates.state} = 'new' AND NOT ${srsCardStates.suspended})`,
      due: sql<number>`count(*) FILTER (WHERE ${srsCardStates.state} <> 'new' AND NOT ${srsCardStates.suspended} AND ${srsCardStates.due} < ${timestamp(dayEnd)})`,
      suspended: sql<number>`count(*) FILTER (WHERE ${srsCardStates.suspended})`,
    })
    .from(srsCardStates)
    .where(and(eq(srsCardStates.userId, userId), eq(srsCardStates.retired, false)))
    .groupBy(sql`1`);
  return rows.map((row) => ({ topic: row.topic, total: Number(row.total), fresh: Number(row.fresh), due: Number(row.due), suspended: Number(row.suspended) }));
}

/** The learner's local study day of a timestamp, as SQL: shift by the day-start hour, then take the date in their zone. */
const studyDay = (column: typeof srsReviewLogs.reviewedAt | typeof srsCardStates.due, timeZone: string, dayStartHour: number) =>
  sql<string>`to_char((${column} AT TIME ZONE ${timeZone}) - make_interval(hours => ${dayStartHour}), 'YYYY-MM-DD')`;

/** Review totals per study day since `since`, for the heatmap, retention and time charts. */
export async function listReviewDaysByUser(db: DbOrTx, userId: string, timeZone: string, dayStartHour: number, since: Date) {
  const day = studyDay(srsReviewLogs.reviewedAt, timeZone, dayStartHour);
  const isReview = sql`${srsReviewLogs.previousState} = 'review' AND ${srsReviewLogs.kind} = 'review'`;
  const mature = sql`${srsReviewLogs.previousScheduledDays} >= 21`;
  const rows = await db
    .select({
      day,
      reviews: sql<number>`count(*) FILTER (WHERE ${srsReviewLogs.kind} <> 'reset')`,
      durationMs: sql<number>`coalesce(sum(${srsReviewLogs.durationMs}), 0)`,
      youngPassed: sql<number>`count(*) FILTER (WHERE ${isReview} AND NOT ${mature} AND ${srsReviewLogs.rating} > 1)`,
      youngFailed: sql<number>`count(*) FILTER (WHERE ${isReview} AND NOT ${mature} AND ${srsReviewLogs.rating} = 1)`,
      maturePassed: sql<number>`count(*) FILTER (WHERE ${isReview} AND ${mature} AND ${srsReviewLogs.rating} > 1)`,
      matureFailed: sql<number>`count(*) FILTER (WHERE ${isReview} AND ${mature} AND ${srsReviewLogs.rating} = 1)`,
    })
    .from(srsReviewLogs)
    .where(and(eq(srsReviewLogs.userId, userId), gte(srsReviewLogs.reviewedAt, since)))
    // By position: each use of `day` would bind its own parameters, and Postgres compares GROUP BY expressions literally.
    .groupBy(sql`1`)
    .orderBy(sql`1`);
  return rows.map((row) => ({
    day: row.day,
    reviews: Number(row.reviews),
    durationMs: Number(row.durationMs),
    youngPassed: Number(row.youngPassed),
    youngFailed: Number(row.youngFailed),
    maturePassed: Number(row.maturePassed),
    matureFailed: Number(row.matureFailed),
  }));
}

/** Started cards due per study day until `until` (overdue ones under their own past day). */
export async function listDueDaysByUser(db: DbOrTx, userId: string, timeZone: string, dayStartHour: number, until: Date) {
  const day = studyDay(srsCardStates.due, timeZone, dayStartHour);
  const rows = await db
    .select({ day, count: sql<number>`count(*)` })
    .from(srsCardStates)
    .where(and(live(userId), ne(srsCardStates.state, "new"), lt(srsCardStates.due, until)))
    .groupBy(sql`1`);
  return rows.map((row) => ({ day: row.day, count: Number(row.count) }));
}

export async function countCardStatesByUser(db: DbOrTx, userId: string, now: Date) {
  const mature = sql<boolean>`${srsCardStates.scheduledDays} >= 21`;
  const buried = sql<boolean>`coalesce(${srsCardStates.buriedUntil} > ${timestamp(now)}, false)`;
  const rows = await db
    .select({ state: srsCardStates.state, mature, suspended: srsCardStates.suspended, buried, count: sql<number>`count(*)` })
    .from(srsCardStates)
    .where(and(eq(srsCardStates.userId, userId), eq(srsCardStates.retired, false)))
    .groupBy(sql`1, 2, 3, 4`);
  return rows.map((row) => ({ state: row.state, mature: Boolean(row.mature), suspended: row.suspended, buried: Boolean(row.buried), count: Number(row.count) }));
}

/** Schedules of studied cards, for the exam projection's recall estimate. */
export async function listStudiedSchedulesByUser(db: DbOrTx, userId: string) {
  return db
    .select({ stability: srsCardStates.stability, lastReview: srsCardStates.lastReview, state: srsCardStates.state })
    .from(srsCardStates)
    .where(and(eq(srsCardStates.userId, userId), eq(srsCardStates.retired, false), ne(srsCardStates.state, "new")));
}

export async function listLeechesByUser(db: DbOrTx, userId: string) {
  return db
    .select({ cardId: srsCardStates.cardId, lapses: srsCardStates.lapses, suspended: srsCardStates.suspended, front: sql<string>`coalesce(${cards.front}, ${srsPersonalCards.front})` })
    .from(srsCardStates)
    .leftJoin(cards, eq(cards.id, srsCardStates.cardId))
    .leftJoin(srsPersonalCards, eq(srsPersonalCards.id, srsCardStates.cardId))
    .where(and(eq(srsCardStates.userId, userId), eq(srsCardStates.leech, true), eq(srsCardStates.retired, false)))
    .orderBy(desc(srsCardStates.lapses));
}

// ---------------------------------------------------------------------------------------------------------------
// Adding cards

/** Moves new cards to the front of the new-card order ("study these next"); reviewed cards are left alone. */
export async function prioritizeNewCardsByUser(db: DbOrTx, userId: string, cardIds: readonly string[], now: Date): Promise<number> {
  if (cardIds.length === 0) return 0;
  const rows = await db
    .update(srsCardStates)
    .set({ prioritizedAt: now, buriedUntil: null, updatedAt: now })
    .where(and(eq(srsCardStates.userId, userId), inArray(srsCardStates.cardId, [...cardIds]), eq(srsCardStates.state, "new"), eq(srsCardStates.suspended, false)))
    .returning({ cardId: srsCardStates.cardId });
  return rows.length;
}

/** Makes started cards due now (a failed lab check, a wrong exam answer): the schedule is otherwise untouched. */
export async function resurfaceStartedCardsByUser(db: DbOrTx, userId: string, cardIds: readonly string[], now: Date): Promise<number> {
  if (cardIds.length === 0) return 0;
  const rows = await db
    .update(srsCardStates)
    .set({ due: now, buriedUntil: null, updatedAt: now })
    .where(and(eq(srsCardStates.userId, userId), inArray(srsCardStates.cardId, [...cardIds]), ne(srsCardStates.state, "new"), eq(srsCardStates.suspended, false), gt(srsCardStates.due, now)))
    .returning({ cardId: srsCardStates.cardId });
  return rows.length;
}

export async function listCourseCardIdsByNoteIds(db: DbOrTx, noteIds: readonly string[]): Promise<string[]> {
  if (noteIds.length === 0) return [];
  const rows = await db
    .select({ id: cards.id })
    .from(cards)
    .where(and(inArray(cards.noteId, [...noteIds]), isNull(cards.retiredAt)));
  return rows.map((row) => row.id);
}

const emptySchedule = (now: Date) => ({
  state: "new" as const,
  due: now,
  stability: 0,
  difficulty: 0,
  elapsedDays: 0,
  scheduledDays: 0,
  learningSteps: 0,
  reps: 0,
  lapses: 0,
});

export interface NewPersonalCard {
  front: string;
  back: string;
  tags: string[];
  topic: string | null;
  questionId?: string;
}

/**
 * Inserts a learner's own cards with their state rows in one transaction. A question already made into a card
 * is not added twice. Returns the ids of the cards created.
 */
export async function insertPersonalCardsByUser(
  db: Db,
  userId: string,
  input: { deckTitle: string | null; cards: readonly NewPersonalCard[]; topicRank: (topic: string | null) => number; prioritize: boolean },
  now: Date,
): Promise<{ deckId: string | null; cardIds: string[] }> {
  return db.transaction(async (tx) => {
    let deckId: string | null = null;
    if (input.deckTitle) {
      const [deck] = await tx.insert(srsPersonalDecks).values({ userId, title: input.deckTitle, createdAt: now }).returning({ id: srsPersonalDecks.id });
      deckId = deck?.id ?? null;
    }
    const cardIds: string[] = [];
    const ROWS = 500;
    for (let start = 0; start < input.cards.length; start += ROWS) {
      const batch = input.cards.slice(start, start + ROWS);
      const inserted = await tx
        .insert(srsPersonalCards)
        .values(batch.map((card) => ({ userId, deckId, questionId: card.questionId ?? null, topic: card.topic, front: card.front, back: card.back, tags: card.tags, createdAt: now })))
        .onConflictDoNothing()
        .returning({ id: srsPersonalCards.id, topic: srsPersonalCards.topic, questionId: srsPersonalCards.questionId });
      if (inserted.length === 0) continue;
      await tx.insert(srsCardStates).values(
        inserted.map((card, index) => ({
          userId,
          cardId: card.id,
          source: "personal" as const,
          topic: card.topic,
          topicRank: input.topicRank(card.topic),
          position: start + index,
          siblingKey: card.questionId ? `question:${card.questionId}` : null,
          prioritizedAt: input.prioritize ? now : null,
          ...emptySchedule(now),
          createdAt: now,
          updatedAt: now,
        })),
      );
      cardIds.push(...inserted.map((card) => card.id));
    }
    return { deckId, cardIds };
  });
}

/** The current text of a live question, for turning it into a card. */
export async function getLiveQuestionBodyById(db: DbOrTx, questionId: string): Promise<unknown> {
  const [row] = await db
    .select({ body: questionVersions.body })
    .from(questions)
    .innerJoin(questionVersions, eq(questionVersions.id, questions.currentVersionId))
    .where(and(eq(questions.id, questionId), isNull(questions.retiredAt)))
    .limit(1);
  return row?.body;
}

export async function getPersonalCardIdByQuestion(db: DbOrTx, userId: string, questionId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ id: srsPersonalCards.id })
    .from(srsPersonalCards)
    .where(and(eq(srsPersonalCards.userId, userId), eq(srsPersonalCards.questionId, questionId)))
    .limit(1);
  return row?.id;
}

export async function listPersonalDecksByUser(db: DbOrTx, userId: string) {
  const rows = await db
    .select({ id: srsPersonalDecks.id, title: srsPersonalDecks.title, createdAt: srsPersonalDecks.createdAt, cards: sql<number>`count(${srsPersonalCards.id})` })
    .from(srsPersonalDecks)
    .leftJoin(srsPersonalCards, eq(srsPersonalCards.deckId, srsPersonalDecks.id))
    .where(eq(srsPersonalDecks.userId, userId))
    .groupBy(srsPersonalDecks.id)
    .orderBy(desc(srsPersonalDecks.createdAt));
  return rows.map((row) => ({ ...row, cards: Number(row.cards) }));
}

// ---------------------------------------------------------------------------------------------------------------
// Export and history

export async function listCardExportRowsByUser(db: DbOrTx, userId: string) {
  return db
    .select({
      cardId: srsCardStates.cardId,
      topic: srsCardStates.topic,
      deck: sql<string | null>`coalesce(${decks.title}, ${notes.title}, ${srsPersonalDecks.title})`,
      front: sql<string>`coalesce(${cards.front}, ${srsPersonalCards.front})`,
      back: sql<string>`coalesce(${cards.back}, ${srsPersonalCards.back})`,
      state: srsCardStates.state,
      due: srsCardStates.due,
      stability: srsCardStates.stability,
      difficulty: srsCardStates.difficulty,
      reps: srsCardStates.reps,
      lapses: srsCardStates.lapses,
      lastReview: srsCardStates.lastReview,
      suspended: srsCardStates.suspended,
      leech: srsCardStates.leech,
    })
    .from(srsCardStates)
    .leftJoin(cards, eq(cards.id, srsCardStates.cardId))
    .leftJoin(decks, eq(decks.id, cards.deckId))
    .leftJoin(notes, eq(notes.id, cards.noteId))
    .leftJoin(srsPersonalCards, eq(srsPersonalCards.id, srsCardStates.cardId))
    .leftJoin(srsPersonalDecks, eq(srsPersonalDecks.id, srsPersonalCards.deckId))
    .where(eq(srsCardStates.userId, userId))
    .orderBy(asc(srsCardStates.topicRank), asc(srsCardStates.position), asc(srsCardStates.cardId));
}

export async function listReviewLogsByUser(db: DbOrTx, userId: string) {
  return db
    .select({
      reviewedAt: srsReviewLogs.reviewedAt,
      cardId: srsReviewLogs.cardId,
      rating: srsReviewLogs.rating,
      kind: srsReviewLogs.kind,
      durationMs: srsReviewLogs.durationMs,
      previousState: srsReviewLogs.previousState,
      stateAfter: srsReviewLogs.stateAfter,
    })
    .from(srsReviewLogs)
    .where(eq(srsReviewLogs.userId, userId))
    .orderBy(asc(srsReviewLogs.reviewedAt), asc(srsReviewLogs.id));
}

export async function countReviewLogsByUser(db: DbOrTx, userId: string): Promise<number> {
  const [row] = await db.select({ count: sql<number>`count(*)` }).from(srsReviewLogs).where(eq(srsReviewLogs.userId, userId));
  return Number(row?.count ?? 0);
}

export type { CardSnapshotJson };

// ---------------------------------------------------------------------------------------------------------------
// Bulk writes (restoring a history, benchmarks)

export async function insertCardStates(db: DbOrTx, rows: readonly NewSrsCardState[]): Promise<void> {
  for (let start = 0; start < rows.length; start += 1000) await db.insert(srsCardStates).values(rows.slice(start, start + 1000) as NewSrsCardState[]);
}

export async function insertReviewLogs(db: DbOrTx, rows: readonly NewSrsReviewLog[]): Promise<void> {
  for (let start = 0; start < rows.length; start += 1000) await db.insert(srsReviewLogs).values(rows.slice(start, start + 1000) as NewSrsReviewLog[]);
}

/** A plain count over the learner's card states (the primary key's index): the benchmark's baseline. */
export async function countAllCardStatesByUser(db: DbOrTx, userId: string): Promise<number> {
  const [row] = await db.select({ count: sql<number>`count(*)` }).from(srsCardStates).where(eq(srsCardStates.userId, userId));
  return Number(row?.count ?? 0);
}
