import { sql } from "drizzle-orm";
import { boolean, doublePrecision, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";

/**
 * Flashcard review (lib/srs). A learner studies the course's cards (table `cards`) and cards of their own
 * (imports, questions turned into cards). Each learner has one row per card in `srs_card_states`, holding the
 * FSRS schedule; every answer is a row in `srs_review_logs` with the card as it was before and after, so an
 * answer can be undone and a schedule recomputed (or parameters optimized) from the history alone.
 */

/** Plain JSON copy of a card's schedule and flags (lib/srs `CardSnapshot`); db/ does not import lib/, so it is restated. */
export interface CardSnapshotJson {
  due: string;
  stability: number;
  difficulty: number;
  elapsedDays: number;
  scheduledDays: number;
  learningSteps: number;
  reps: number;
  lapses: number;
  state: "new" | "learning" | "review" | "relearning";
  lastReview: string | null;
  suspended: boolean;
  buriedUntil: string | null;
  leech: boolean;
}

/** A learner's settings as lib/srs `srsSettingsSchema` describes them; read through `readSrsSettings`, so new fields need no migration. */
export const srsSettings = pgTable("srs_settings", {
  userId: uuid("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  settings: jsonb("settings").$type<Record<string, unknown>>().notNull(),
  parametersOptimizedAt: timestamp("parameters_optimized_at", { withTimezone: true }),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const srsPersonalDecks = pgTable(
  "srs_personal_decks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("srs_personal_decks_user_idx").on(table.userId)],
);

/**
 * Cards a learner owns. Ids start with `p:` so they never collide with course card ids (which are lowercase
 * letters, digits and hyphens) in `srs_card_states.card_id`.
 */
export const srsPersonalCards = pgTable(
  "srs_personal_cards",
  {
    id: text("id")
      .primaryKey()
      .$defaultFn(() => `p:${crypto.randomUUID()}`),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    deckId: uuid("deck_id").references(() => srsPersonalDecks.id, { onDelete: "cascade" }),
    /** Set when the card was made from a question; one card per question per learner. */
    questionId: text("question_id"),
    topic: text("topic"),
    /** Markdown. */
    front: text("front").notNull(),
    /** Markdown. */
    back: text("back").notNull(),
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("srs_personal_cards_deck_idx").on(table.userId, table.deckId), unique("srs_personal_cards_user_question_key").on(table.userId, table.questionId)],
);

export const srsCardStates = pgTable(
  "srs_card_states",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** A `cards.id`, or a `srs_personal_cards.id` (`p:…`). */
    cardId: text("card_id").notNull(),
    source: text("source").$type<"course" | "personal">().notNull(),
    topic: text("topic"),
    /** Teaching order of the topic (lib/content/topics), then position within it: the order new cards come in. */
    topicRank: integer("topic_rank").notNull(),
    position: doublePrecision("position").notNull(),
    /** `note:<id>` or `question:<id>`: cards sharing it are siblings, buried for the day once one is answered. */
    siblingKey: text("sibling_key"),
    /** Set when the learner asked for this card (added a note's cards, a question): new cards so marked come first. */
    prioritizedAt: timestamp("prioritized_at", { withTimezone: true }),
    state: text("state").$type<CardSnapshotJson["state"]>().notNull(),
    due: timestamp("due", { withTimezone: true }).notNull(),
    stability: doublePrecision("stability").notNull(),
    difficulty: doublePrecision("difficulty").notNull(),
    elapsedDays: integer("elapsed_days").notNull(),
    scheduledDays: integer("scheduled_days").notNull(),
    learningSteps: integer("learning_steps").notNull(),
    reps: integer("reps").notNull(),
    lapses: integer("lapses").notNull(),
    lastReview: timestamp("last_review", { withTimezone: true }),
    suspended: boolean("suspended").notNull().default(false),
    buriedUntil: timestamp("buried_until", { withTimezone: true }),
    leech: boolean("leech").notNull().default(false),
    /** The course card was removed from the content; its history stays but it is no longer studied. */
    retired: boolean("retired").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ name: "srs_card_states_pkey", columns: [table.userId, table.cardId] }),
    // The due queue reads these two partial indexes: started cards by due time, new cards in introduction order.
    index("srs_card_states_due_idx").on(table.userId, table.due).where(sql`${table.state} <> 'new'`),
    index("srs_card_states_new_idx").on(table.userId, table.prioritizedAt, table.topicRank, table.position, table.cardId).where(sql`${table.state} = 'new'`),
    index("srs_card_states_topic_idx").on(table.userId, table.topic),
    // The cohort dashboard's backlog count (cards due now per learner) reads only this index.
    index("srs_card_states_backlog_idx")
      .on(table.userId, table.due)
      .where(sql`${table.state} <> 'new' and not ${table.suspended} and not ${table.retired}`),
  ],
);

export const srsReviewLogs = pgTable(
  "srs_review_logs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    cardId: text("card_id").notNull(),
    /** 1 Again, 2 Hard, 3 Good, 4 Easy; 0 for a reset. */
    rating: smallint("rating").notNull(),
    kind: text("kind").$type<"learn" | "review" | "relearn" | "cram" | "reset">().notNull(),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }).notNull(),
    /** Milliseconds from showing the front to answering, as the browser measured it (capped). */
    durationMs: integer("duration_ms").notNull(),
    siblingKey: text("sibling_key"),
    /** Copied out of `state_before` so daily limits and retention can be counted without reading JSON. */
    previousState: text("previous_state").$type<CardSnapshotJson["state"]>().notNull(),
    previousScheduledDays: integer("previous_scheduled_days").notNull(),
    stateBefore: jsonb("state_before").$type<CardSnapshotJson>().notNull(),
    stateAfter: jsonb("state_after").$type<CardSnapshotJson>().notNull(),
  },
  (table) => [
    index("srs_review_logs_user_time_idx").on(table.userId, table.reviewedAt),
    index("srs_review_logs_user_card_idx").on(table.userId, table.cardId, table.reviewedAt),
    // The cohort dashboard counts a whole cohort's reviews in a part-day at each window's edge: by time first,
    // that is one short range instead of a walk over every learner's entries.
    index("srs_review_logs_time_idx").on(table.reviewedAt),
  ],
);

export type SrsCardStateRow = typeof srsCardStates.$inferSelect;
export type NewSrsCardState = typeof srsCardStates.$inferInsert;
export type SrsReviewLogRow = typeof srsReviewLogs.$inferSelect;
export type NewSrsReviewLog = typeof srsReviewLogs.$inferInsert;
export type SrsPersonalCardRow = typeof srsPersonalCards.$inferSelect;
export type SrsPersonalDeckRow = typeof srsPersonalDecks.$inferSelect;
