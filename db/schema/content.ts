import { sql, type SQL } from "drizzle-orm";
import {
  boolean,
  customType,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
  type AnyPgColumn,
} from "drizzle-orm/pg-core";

/**
 * Learning content imported from `content/` (lib/content). Ids are the authors' own stable ids. Nothing here is
 * ever deleted by an import: an item removed from the files gets `retired_at`, so learners' answers, reviews and
 * exam attempts keep pointing at rows that exist.
 */

/** Postgres full-text search vectors; drizzle has no built-in type for them. */
const tsvector = customType<{ data: string }>({
  dataType: () => "tsvector",
});

const timestamps = {
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  /** Set when the item disappeared from the content folder; cleared if it comes back. */
  retiredAt: timestamp("retired_at", { withTimezone: true }),
};

/** Where the item was last read from (relative to the content folder) and a hash of what it said. */
const provenance = {
  sourceFile: text("source_file").notNull(),
  contentHash: text("content_hash").notNull(),
};

// Title weighs most, then the summary, then the body: a search for "flavor" should rank the Flavors note first.
const noteSearch: SQL = sql`setweight(to_tsvector('english', "title"), 'A') || setweight(to_tsvector('english', "summary"), 'B') || setweight(to_tsvector('english', "body"), 'C')`;

export interface NoteTocEntry {
  depth: number;
  text: string;
  id: string;
}

export const notes = pgTable(
  "notes",
  {
    id: text("id").primaryKey(),
    topic: text("topic").notNull(),
    title: text("title").notNull(),
    /** Position within the topic. */
    sortOrder: doublePrecision("sort_order").notNull(),
    summary: text("summary").notNull(),
    prerequisites: text("prerequisites").array().notNull(),
    /** Markdown; rendered to sanitized HTML by lib/content/render at read time. */
    body: text("body").notNull(),
    toc: jsonb("toc").$type<NoteTocEntry[]>().notNull(),
    search: tsvector("search").generatedAlwaysAs(noteSearch),
    ...provenance,
    ...timestamps,
  },
  (table) => [index("notes_topic_idx").on(table.topic, table.sortOrder), index("notes_search_idx").using("gin", table.search)],
);

/**
 * A question's identity and where to find its current text. Everything a learner answered lives in
 * `question_versions`; an edit adds a version and moves `current_version_id`, so old answers keep theirs.
 * The columns beside the pointer copy the current version's so exams can draw by topic/difficulty/tags cheaply.
 */
export const questions = pgTable(
  "questions",
  {
    id: text("id").primaryKey(),
    currentVersionId: text("current_version_id")
      .notNull()
      .references((): AnyPgColumn => questionVersions.id),
    kind: text("kind").notNull(),
    topic: text("topic").notNull(),
    difficulty: text("difficulty").notNull(),
    tags: text("tags").array().notNull(),
    noteIds: text("note_ids").array().notNull(),
    ...provenance,
    ...timestamps,
  },
  (table) => [index("questions_topic_difficulty_idx").on(table.topic, table.difficulty), index("questions_tags_idx").using("gin", table.tags)],
);

const questionSearch: SQL = sql`setweight(to_tsvector('english', "stem"), 'A') || setweight(to_tsvector('english', "explanation"), 'B')`;

/**
 * One immutable snapshot of a question. Its id is `<question id>@<version>` so a version is identifiable in
 * logs and exports without a lookup. There is deliberately no foreign key back to `questions`: the question
 * row points here (so a version must exist first), and question rows are never deleted.
 */
export const questionVersions = pgTable(
  "question_versions",
  {
    id: text("id").primaryKey(),
    questionId: text("question_id").notNull(),
    version: integer("version").notNull(),
    kind: text("kind").notNull(),
    topic: text("topic").notNull(),
    difficulty: text("difficulty").notNull(),
    tags: text("tags").array().notNull(),
    noteIds: text("note_ids").array().notNull(),
    /** Markdown. */
    stem: text("stem").notNull(),
    /** Markdown. */
    explanation: text("explanation").notNull(),
    /** The whole parsed question (lib/content/schema `questionSchema`): options and feedback, answers, order. */
    body: jsonb("body").notNull(),
    contentHash: text("content_hash").notNull(),
    search: tsvector("search").generatedAlwaysAs(questionSearch),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [unique("question_versions_question_version_key").on(table.questionId, table.version), index("question_versions_search_idx").using("gin", table.search)],
);

export const decks = pgTable("decks", {
  id: text("id").primaryKey(),
  topic: text("topic").notNull(),
  title: text("title").notNull(),
  description: text("description"),
  ...provenance,
  ...timestamps,
});

/**
 * Flashcards from decks and from notes. Review state (lib/srs) keys on the card id; an edit changes the text
 * and the hash but not the schedule, since a reworded card still tests the same fact.
 */
export const cards = pgTable(
  "cards",
  {
    id: text("id").primaryKey(),
    topic: text("topic").notNull(),
    tags: text("tags").array().notNull(),
    /** Markdown. */
    front: text("front").notNull(),
    /** Markdown. */
    back: text("back").notNull(),
    /** Exactly one of these is set: the note the card is embedded in, or its deck. */
    noteId: text("note_id").references(() => notes.id),
    deckId: text("deck_id").references(() => decks.id),
    ...provenance,
    ...timestamps,
  },
  (table) => [index("cards_topic_idx").on(table.topic)],
);

export interface BlueprintSectionRow {
  id: string;
  title: string;
  weight: number;
  draw: { count: number; topic: string; difficulty?: string[]; tags?: string[] }[];
}

export const blueprints = pgTable("blueprints", {
  id: text("id").primaryKey(),
  title: text("title").notNull(),
  durationMinutes: integer("duration_minutes").notNull(),
  passMark: doublePrecision("pass_mark").notNull(),
  shuffle: boolean("shuffle").notNull(),
  sections: jsonb("sections").$type<BlueprintSectionRow[]>().notNull(),
  /** Markdown shown before an attempt starts. */
  intro: text("intro").notNull(),
  ...provenance,
  ...timestamps,
});

export interface ContentImportCounts {
  added: number;
  changed: number;
  retired: number;
  unchanged: number;
}

/** One row per import that changed something, or that was rejected when the caller asked to record it. */
export const contentImports = pgTable("content_imports", {
  id: uuid("id").primaryKey().defaultRandom(),
  status: text("status").$type<"imported" | "rejected">().notNull(),
  sourceDir: text("source_dir").notNull(),
  counts: jsonb("counts").$type<Record<string, ContentImportCounts>>().notNull(),
  diagnostics: jsonb("diagnostics").$type<{ file: string; line: number; column: number; ruleId: string; message: string }[]>().notNull(),
  startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
  finishedAt: timestamp("finished_at", { withTimezone: true }).notNull(),
});

export type NoteRow = typeof notes.$inferSelect;
export type QuestionRow = typeof questions.$inferSelect;
export type QuestionVersionRow = typeof questionVersions.$inferSelect;
export type CardRow = typeof cards.$inferSelect;
export type DeckRow = typeof decks.$inferSelect;
export type BlueprintRow = typeof blueprints.$inferSelect;
export type ContentImportRow = typeof contentImports.$inferSelect;
