import type { Db } from "@/db/client";
import {
  countCardsByTopicForUser,
  countCardStatesByUser,
  countReviewLogsByUser,
  getCardContentByUser,
  getCardStateByUser,
  getLastReviewByUser,
  getLiveQuestionBodyById,
  getPersonalCardIdByQuestion,
  getSrsSettingsByUser,
  getStudiedTodayByUser,
  insertPersonalCardsByUser,
  listAheadCandidatesByUser,
  listCardExportRowsByUser,
  listCourseCardIdsByNoteIds,
  listCramCandidatesByUser,
  listDueDaysByUser,
  listForgottenCandidatesByUser,
  listLeechesByUser,
  listPersonalDecksByUser,
  listQueueCandidatesByUser,
  listReviewDaysByUser,
  listReviewLogsByUser,
  listStudiedSchedulesByUser,
  prioritizeNewCardsByUser,
  resurfaceStartedCardsByUser,
  saveReviewByUser,
  syncCourseCardStatesByUser,
  undoReviewByUser,
  updateCardStateByUser,
  upsertSrsSettingsByUser,
  PERSONAL_TOPIC_RANK,
  type CardStateUpdate,
} from "@/db/queries/srs";
import type { SrsCardStateRow } from "@/db/schema";
import { questionSchema } from "../content/schema";
import { renderMarkdown } from "../content/render";
import { topicIds } from "../content/topics";
import { err, ok, type Result } from "../result";
import { answerCard, buryCard, cardFromSnapshot, resetCard, snapshotOf, suspendCard, type LearnerCard } from "./card";
import { CUSTOM_STUDY_LIMIT, type CustomStudy } from "./custom-study";
import { addDays, studyDayByKey, studyDayOf, type StudyDay } from "./day";
import { formatCsv, parseAnkiText, type ImportProblem } from "./exchange";
import { optimizeParameters, type OptimizeError } from "./optimizer";
import { effectiveNewPerDay, projectExam, type ExamProjection } from "./pacing";
import { cardFromQuestion } from "./question-card";
import { buildDueQueue, type DueQueue, type QueueCandidate } from "./queue";
import { createScheduler, formatInterval, ratingNumber, ratingNames, type RatingName } from "./scheduler";
import { readSrsSettings, srsSettingsSchema, type SrsSettings } from "./settings";
import { cardCounts, dueForecast, reviewHeatmap, timeSpent, trueRetention } from "./stats";

/**
 * Flashcard review against the database: each function loads what it needs, asks the pure modules of lib/srs
 * what to do, and writes the outcome through db/queries/srs. Every function takes the learner's id from the
 * session (never from input) and `now` from the caller's clock.
 */

export type SrsError =
  | { code: "srs/card-not-found" }
  | { code: "srs/nothing-to-undo" }
  | { code: "srs/question-not-found" }
  | { code: "srs/note-has-no-cards" }
  | { code: "srs/empty-import"; problems: ImportProblem[] }
  | { code: "srs/invalid-settings"; message: string };

const topicOrder = topicIds as readonly string[];
const topicRank = (topic: string | null) => {
  const index = topic ? topicOrder.indexOf(topic) : -1;
  return index >= 0 ? index + 1 : PERSONAL_TOPIC_RANK;
};

export async function loadSrsSettings(db: Db, userId: string): Promise<SrsSettings> {
  return readSrsSettings((await getSrsSettingsByUser(db, userId))?.settings);
}

export async function saveSrsSettings(db: Db, userId: string, input: unknown, now: Date): Promise<Result<SrsSettings, SrsError>> {
  const current = await loadSrsSettings(db, userId);
  const parsed = srsSettingsSchema.partial().safeParse(input);
  if (!parsed.success) return err({ code: "srs/invalid-settings", message: parsed.error.issues[0]?.message ?? "Check the values and try again." });
  // Changing desired retention or steps changes future intervals only: no stored due date is rewritten.
  const next: SrsSettings = { ...current, ...parsed.data };
  await upsertSrsSettingsByUser(db, userId, next, now);
  return ok(next);
}

const toUpdate = (card: LearnerCard, now: Date): CardStateUpdate & { updatedAt: Date } => ({
  state: card.state,
  due: card.due,
  stability: card.stability,
  difficulty: card.difficulty,
  elapsedDays: card.elapsedDays,
  scheduledDays: card.scheduledDays,
  learningSteps: card.learningSteps,
  reps: card.reps,
  lapses: card.lapses,
  lastReview: card.lastReview,
  suspended: card.suspended,
  buriedUntil: card.buriedUntil,
  leech: card.leech,
  updatedAt: now,
});

const fromRow = (row: SrsCardStateRow): LearnerCard => ({
  due: row.due,
  stability: row.stability,
  difficulty: row.difficulty,
  elapsedDays: row.elapsedDays,
  scheduledDays: row.scheduledDays,
  learningSteps: row.learningSteps,
  reps: row.reps,
  lapses: row.lapses,
  state: row.state,
  lastReview: row.lastReview,
  suspended: row.suspended,
  buriedUntil: row.buriedUntil,
  leech: row.leech,
});

// ---------------------------------------------------------------------------------------------------------------
// The queue

export interface QueueScope {
  /** Study one topic's deck only (`personal` for the learner's own cards). */
  topic?: string;
}

export interface TodayQueue {
  day: StudyDay;
  settings: SrsSettings;
  queue: DueQueue;
  studied: { newCards: number; reviews: number };
  newLimit: number;
}

/** Today's due queue for a learner: what `bench/srs.ts` measures. */
export async function loadTodayQueue(db: Db, userId: string, now: Date, scope: QueueScope = {}, settings?: SrsSettings): Promise<TodayQueue> {
  const config = settings ?? (await loadSrsSettings(db, userId));
  const day = studyDayOf(now, config.timeZone, config.dayStartHour);
  const studied = await getStudiedTodayByUser(db, userId, day.start);
  let newLimit = config.newPerDay;
  if (config.paceToExam && config.examDate) {
    const plan = await loadExamPlan(db, userId, now, config);
    newLimit = effectiveNewPerDay(config.newPerDay, true, plan);
  }
  const candidates = await listQueueCandidatesByUser(db, userId, {
    now,
    dayEnd: day.end,
    reviewLimit: Math.max(0, config.reviewsPerDay - studied.reviews),
    newLimit: Math.max(0, newLimit - studied.newCards),
    topic: scope.topic,
  });
  const queue = buildDueQueue({
    ...candidates,
    studied,
    limits: { newPerDay: newLimit, reviewsPerDay: config.reviewsPerDay },
    burySiblings: config.burySiblings,
    now,
  });
  return { day, settings: config, queue, studied: { newCards: studied.newCards, reviews: studied.reviews }, newLimit };
}

/** Makes sure the learner has a state row for every course card; cheap once done. Call before reading queues. */
export async function prepareLearner(db: Db, userId: string, now: Date): Promise<void> {
  await syncCourseCardStatesByUser(db, userId, topicOrder, now);
}

// ---------------------------------------------------------------------------------------------------------------
// The review screen

export interface ReviewCardView {
  cardId: string;
  frontHtml: string;
  backHtml: string;
  source: string;
  topic: string | null;
  state: LearnerCard["state"];
  noteId: string | null;
  /** What each button would do, as Anki labels it ("10m", "4d"). */
  intervals: Record<RatingName, string>;
}

export interface ReviewView {
  card: ReviewCardView | null;
  counts: { learning: number; review: number; new: number };
  /** Answers given today (custom study included), for the progress bar. */
  doneToday: number;
  nextLearningDue: string | null;
  canUndo: boolean;
  /** Set after an answer that made a card a leech. */
  leechNotice?: string;
}

async function cardView(db: Db, userId: string, candidate: QueueCandidate, settings: SrsSettings, now: Date, reschedule: boolean): Promise<ReviewCardView | null> {
  const [row, content] = await Promise.all([getCardStateByUser(db, userId, candidate.cardId), getCardContentByUser(db, userId, candidate.cardId)]);
  if (!row || !content) return null;
  const preview = createScheduler(settings).preview(fromRow(row), now);
  const intervals = Object.fromEntries(
    ratingNames.map((rating) => [rating, reschedule ? formatInterval(preview[rating].due.getTime() - now.getTime()) : "—"]),
  ) as Record<RatingName, string>;
  return {
    cardId: row.cardId,
    frontHtml: renderMarkdown(content.front).html,
    backHtml: renderMarkdown(content.back).html,
    source: content.source,
    topic: content.topic,
    state: row.state,
    noteId: content.noteId,
    intervals,
  };
}

async function customCandidates(db: Db, userId: string, study: CustomStudy, settings: SrsSettings, day: StudyDay, now: Date): Promise<QueueCandidate[]> {
  const dayOf = (offset: number) => studyDayByKey(addDays(day.key, offset), settings.timeZone, settings.dayStartHour);
  switch (study.mode) {
    case "cram":
      return listCramCandidatesByUser(db, userId, study.topic, study.includeNew, now, CUSTOM_STUDY_LIMIT);
    case "ahead":
      // Due after today and by the end of the last day asked for: today's own cards belong to the normal queue.
      return listAheadCandidatesByUser(db, userId, day.end, dayOf(study.days).end, CUSTOM_STUDY_LIMIT);
    case "forgotten":
      return listForgottenCandidatesByUser(db, userId, dayOf(-(study.days - 1)).start, CUSTOM_STUDY_LIMIT);
  }
}

export interface ReviewRequest {
  scope?: QueueScope;
  custom?: CustomStudy | null;
  /** Cards already answered in this custom-study session (custom study shows each card once). */
  answeredIds?: readonly string[];
}

export async function loadReviewView(db: Db, userId: string, now: Date, request: ReviewRequest = {}): Promise<ReviewView> {
  await prepareLearner(db, userId, now);
  const settings = await loadSrsSettings(db, userId);
  const last = await getLastReviewByUser(db, userId);
  const day = studyDayOf(now, settings.timeZone, settings.dayStartHour);
  const doneToday = (await listReviewDaysByUser(db, userId, settings.timeZone, settings.dayStartHour, day.start)).reduce((total, row) => total + row.reviews, 0);
  const canUndo = !!last && last.reviewedAt >= day.start;
  if (request.custom) {
    const answered = new Set(request.answeredIds ?? []);
    const remaining = (await customCandidates(db, userId, request.custom, settings, day, now)).filter((candidate) => !answered.has(candidate.cardId));
    const first = remaining[0];
    return {
      card: first ? await cardView(db, userId, first, settings, now, request.custom.reschedule) : null,
      counts: { learning: 0, review: remaining.length, new: 0 },
      doneToday,
      nextLearningDue: null,
      canUndo,
    };
  }
  const today = await loadTodayQueue(db, userId, now, request.scope, settings);
  const next = today.queue.next;
  return {
    card: next ? await cardView(db, userId, next, settings, now, true) : null,
    counts: today.queue.counts,
    doneToday,
    nextLearningDue: today.queue.nextLearningDue?.toISOString() ?? null,
    canUndo,
  };
}

export interface AnswerInput {
  cardId: string;
  rating: RatingName;
  durationMs: number;
  custom?: CustomStudy | null;
}

/** Grades a card and stores the answer; a leech is suspended and reported. */
export async function answerReview(db: Db, userId: string, input: AnswerInput, now: Date): Promise<Result<{ leech: boolean }, SrsError>> {
  const row = await getCardStateByUser(db, userId, input.cardId);
  if (!row || row.retired) return err({ code: "srs/card-not-found" });
  const settings = await loadSrsSettings(db, userId);
  const before = fromRow(row);
  const base = {
    rating: ratingNumber(input.rating),
    reviewedAt: now,
    durationMs: Math.max(0, Math.min(input.durationMs, 60 * 60_000)),
    siblingKey: row.siblingKey,
    previousState: before.state,
    previousScheduledDays: before.scheduledDays,
    stateBefore: snapshotOf(before),
  };
  if (input.custom && !input.custom.reschedule) {
    // Custom study that leaves the schedule alone: the answer is kept for the statistics, the card is not touched.
    await saveReviewByUser(db, userId, input.cardId, null, { ...base, kind: "cram", stateAfter: snapshotOf(before) });
    return ok({ leech: false });
  }
  const result = answerCard(before, input.rating, now, settings);
  await saveReviewByUser(db, userId, input.cardId, toUpdate(result.card, now), { ...base, kind: result.kind, stateAfter: snapshotOf(result.card) });
  return ok({ leech: result.becameLeech });
}

/** Undo the learner's last answer (or reset) of today: the card returns exactly as it was. */
export async function undoLastReview(db: Db, userId: string, now: Date): Promise<Result<{ cardId: string }, SrsError>> {
  const settings = await loadSrsSettings(db, userId);
  const day = studyDayOf(now, settings.timeZone, settings.dayStartHour);
  const last = await getLastReviewByUser(db, userId);
  if (!last || last.reviewedAt < day.start) return err({ code: "srs/nothing-to-undo" });
  const restore = last.kind === "cram" ? null : toUpdate(cardFromSnapshot(last.stateBefore), now);
  await undoReviewByUser(db, userId, last.id, restore, last.cardId);
  return ok({ cardId: last.cardId });
}

export type CardAction = "bury" | "suspend" | "unsuspend" | "reset";

/** Bury until tomorrow, suspend or unsuspend, or reset to new (a reset is logged, so it can be undone). */
export async function changeCard(db: Db, userId: string, cardId: string, action: CardAction, now: Date): Promise<Result<{ cardId: string }, SrsError>> {
  const row = await getCardStateByUser(db, userId, cardId);
  if (!row) return err({ code: "srs/card-not-found" });
  const settings = await loadSrsSettings(db, userId);
  const card = fromRow(row);
  if (action === "reset") {
    const next = resetCard(card, now, settings);
    await saveReviewByUser(db, userId, cardId, toUpdate(next, now), {
      rating: 0,
      kind: "reset",
      reviewedAt: now,
      durationMs: 0,
      siblingKey: null,
      previousState: card.state,
      previousScheduledDays: card.scheduledDays,
      stateBefore: snapshotOf(card),
      stateAfter: snapshotOf(next),
    });
    return ok({ cardId });
  }
  const next = action === "bury" ? buryCard(card, studyDayOf(now, settings.timeZone, settings.dayStartHour).end) : suspendCard(card, action === "suspend");
  await updateCardStateByUser(db, userId, cardId, toUpdate(next, now));
  return ok({ cardId });
}

// ---------------------------------------------------------------------------------------------------------------
// Adding cards

export async function addQuestionAsCard(db: Db, userId: string, questionId: string, now: Date): Promise<Result<{ cardId: string; alreadyAdded: boolean }, SrsError>> {
  const existing = await getPersonalCardIdByQuestion(db, userId, questionId);
  if (existing) return ok({ cardId: existing, alreadyAdded: true });
  const body = await getLiveQuestionBodyById(db, questionId);
  const parsed = body ? questionSchema.safeParse(body) : null;
  if (!parsed?.success) return err({ code: "srs/question-not-found" });
  const { front, back } = cardFromQuestion(parsed.data);
  const { cardIds } = await insertPersonalCardsByUser(
    db,
    userId,
    { deckTitle: null, cards: [{ front, back, tags: parsed.data.tags, topic: parsed.data.topic, questionId }], topicRank, prioritize: true },
    now,
  );
  const cardId = cardIds[0] ?? (await getPersonalCardIdByQuestion(db, userId, questionId));
  return cardId ? ok({ cardId, alreadyAdded: !cardIds[0] }) : err({ code: "srs/question-not-found" });
}

/**
 * "Study these next" for the cards of some notes: unseen cards jump the new-card order; cards already studied
 * and not due yet become due now. Used by the note page, and by exams and labs to resurface what a learner got wrong.
 */
export async function studyNoteCards(db: Db, userId: string, noteIds: readonly string[], now: Date): Promise<Result<{ queued: number; resurfaced: number; total: number }, SrsError>> {
  await prepareLearner(db, userId, now);
  const cardIds = await listCourseCardIdsByNoteIds(db, noteIds);
  if (cardIds.length === 0) return err({ code: "srs/note-has-no-cards" });
  const queued = await prioritizeNewCardsByUser(db, userId, cardIds, now);
  const resurfaced = await resurfaceStartedCardsByUser(db, userId, cardIds, now);
  return ok({ queued, resurfaced, total: cardIds.length });
}

export async function importAnkiDeck(db: Db, userId: string, input: { title: string; text: string }, now: Date): Promise<Result<{ deckId: string | null; imported: number; problems: ImportProblem[] }, SrsError>> {
  const parsed = parseAnkiText(input.text);
  if (parsed.cards.length === 0) return err({ code: "srs/empty-import", problems: parsed.problems });
  const { deckId, cardIds } = await insertPersonalCardsByUser(
    db,
    userId,
    { deckTitle: input.title, cards: parsed.cards.map((card) => ({ ...card, topic: null })), topicRank, prioritize: false },
    now,
  );
  return ok({ deckId, imported: cardIds.length, problems: parsed.problems });
}

// ---------------------------------------------------------------------------------------------------------------
// Overviews

export async function loadDeckOverview(db: Db, userId: string, now: Date) {
  await prepareLearner(db, userId, now);
  const settings = await loadSrsSettings(db, userId);
  const day = studyDayOf(now, settings.timeZone, settings.dayStartHour);
  const [topics, personalDecks, leeches] = await Promise.all([countCardsByTopicForUser(db, userId, day.end), listPersonalDecksByUser(db, userId), listLeechesByUser(db, userId)]);
  return { topics, personalDecks, leeches };
}

export async function loadExamPlan(db: Db, userId: string, now: Date, settings?: SrsSettings): Promise<ExamProjection | null> {
  const config = settings ?? (await loadSrsSettings(db, userId));
  if (!config.examDate) return null;
  const day = studyDayOf(now, config.timeZone, config.dayStartHour);
  const [counts, studied, schedules] = await Promise.all([countCardStatesByUser(db, userId, now), getStudiedTodayByUser(db, userId, day.start), listStudiedSchedulesByUser(db, userId)]);
  // Suspended cards are out of the plan on both sides.
  const sum = (keep: (row: (typeof counts)[number]) => boolean) => counts.filter((row) => !row.suspended && keep(row)).reduce((total, row) => total + row.count, 0);
  const unseen = sum((row) => row.state === "new");
  const seen = sum((row) => row.state !== "new");
  const scheduler = createScheduler(config);
  const examStart = studyDayByKey(config.examDate, config.timeZone, config.dayStartHour).start;
  const recalls = schedules
    .filter((row) => row.lastReview)
    .map((row) => scheduler.retrievability({ due: now, stability: row.stability, difficulty: 0, elapsedDays: 0, scheduledDays: 0, learningSteps: 0, reps: 1, lapses: 0, state: row.state, lastReview: row.lastReview }, examStart));
  return projectExam({
    todayKey: day.key,
    examDate: config.examDate,
    unseen,
    seen,
    newPerDay: config.newPerDay,
    introducedToday: studied.newCards,
    recallIfIdle: recalls.length ? recalls.reduce((a, b) => a + b, 0) / recalls.length : null,
    desiredRetention: config.desiredRetention,
  });
}

/** The learner home's "due today" card. */
export async function loadDueSummary(db: Db, userId: string, now: Date) {
  await prepareLearner(db, userId, now);
  const today = await loadTodayQueue(db, userId, now);
  const plan = await loadExamPlan(db, userId, now, today.settings);
  return {
    counts: today.queue.counts,
    studied: today.studied,
    newLimit: today.newLimit,
    examDate: today.settings.examDate,
    timeZone: today.settings.timeZone,
    dayStartHour: today.settings.dayStartHour,
    plan,
  };
}

export async function loadStatistics(db: Db, userId: string, now: Date) {
  await prepareLearner(db, userId, now);
  const settings = await loadSrsSettings(db, userId);
  const day = studyDayOf(now, settings.timeZone, settings.dayStartHour);
  const yearAgo = studyDayByKey(addDays(day.key, -371), settings.timeZone, settings.dayStartHour).start;
  const forecastEnd = studyDayByKey(addDays(day.key, 30), settings.timeZone, settings.dayStartHour).start;
  const [days, due, states, total] = await Promise.all([
    listReviewDaysByUser(db, userId, settings.timeZone, settings.dayStartHour, yearAgo),
    listDueDaysByUser(db, userId, settings.timeZone, settings.dayStartHour, forecastEnd),
    countCardStatesByUser(db, userId, now),
    countReviewLogsByUser(db, userId),
  ]);
  return {
    today: day.key,
    heatmap: reviewHeatmap(days, day.key, 26),
    retention: trueRetention(days, day.key),
    forecast: dueForecast(due, day.key, 30),
    counts: cardCounts(states),
    time: timeSpent(days, day.key, 30),
    totalReviews: total,
    settings,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Optimizer and export

export async function optimizeForLearner(db: Db, userId: string, now: Date): Promise<Result<{ parameters: number[]; items: number }, OptimizeError>> {
  const settings = await loadSrsSettings(db, userId);
  const logs = await listReviewLogsByUser(db, userId);
  const history = logs
    .filter((log) => log.kind !== "cram")
    .map((log) => ({ cardId: log.cardId, rating: log.rating, day: studyDayOf(log.reviewedAt, settings.timeZone, settings.dayStartHour).key, reset: log.kind === "reset" }));
  const result = await optimizeParameters(history);
  if (result.ok) await upsertSrsSettingsByUser(db, userId, { ...settings, parameters: result.value.parameters }, now, now);
  return result;
}

export async function exportCardsCsv(db: Db, userId: string, now: Date): Promise<string> {
  await prepareLearner(db, userId, now);
  const rows = await listCardExportRowsByUser(db, userId);
  return formatCsv(
    ["card_id", "topic", "deck", "front", "back", "state", "due", "stability", "difficulty", "reps", "lapses", "last_review", "suspended", "leech"],
    rows.map((row) => [row.cardId, row.topic, row.deck, row.front, row.back, row.state, row.due, row.stability, row.difficulty, row.reps, row.lapses, row.lastReview, row.suspended, row.leech]),
  );
}

export async function exportReviewsCsv(db: Db, userId: string): Promise<string> {
  const rows = await listReviewLogsByUser(db, userId);
  const ratingLabel = ["reset", "again", "hard", "good", "easy"];
  return formatCsv(
    ["reviewed_at", "card_id", "rating", "kind", "duration_ms", "state_before", "state_after", "interval_after_days", "due_after"],
    rows.map((row) => [row.reviewedAt, row.cardId, ratingLabel[row.rating] ?? row.rating, row.kind, row.durationMs, row.previousState, row.stateAfter.state, row.stateAfter.scheduledDays, row.stateAfter.due]),
  );
}
