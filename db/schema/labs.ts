import { doublePrecision, index, integer, jsonb, pgTable, text, timestamp, unique, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
import { users } from "./users";

/**
 * Hands-on labs (content/labs, lib/content/labs.ts) and learners' sessions in them. Like questions, a lab has
 * immutable versions: an edit adds one, and a session keeps the version it started on, so its checks never
 * change under a learner. Retired labs stay, so old sessions keep pointing at rows that exist.
 */
export const labs = pgTable(
  "labs",
  {
    id: text("id").primaryKey(),
    currentVersionId: text("current_version_id")
      .notNull()
      .references((): AnyPgColumn => labVersions.id),
    topic: text("topic").notNull(),
    difficulty: text("difficulty").notNull(),
    title: text("title").notNull(),
    points: integer("points").notNull(),
    estimateMinutes: integer("estimate_minutes").notNull(),
    tags: text("tags").array().notNull(),
    sourceFile: text("source_file").notNull(),
    contentHash: text("content_hash").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    retiredAt: timestamp("retired_at", { withTimezone: true }),
  },
  (table) => [index("labs_topic_idx").on(table.topic)],
);

/** `<lab id>@<version>`; `body` is the whole parsed lab (lib/content/labs `labSchema`), checks and solution included. */
export const labVersions = pgTable(
  "lab_versions",
  {
    id: text("id").primaryKey(),
    labId: text("lab_id").notNull(),
    version: integer("version").notNull(),
    body: jsonb("body").notNull(),
    contentHash: text("content_hash").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [unique("lab_versions_lab_version_key").on(table.labId, table.version)],
);

export interface LabTranscriptEntryRow {
  prompt: string;
  input: string;
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface LabGradeRow {
  score: number;
  total: number;
  results: { id: string; description: string; points: number; earned: number; passed: boolean; reason: string }[];
}

/**
 * One learner's terminal in one lab: the simulated cloud and shell as JSON (lib/labs `LabSnapshot`), every
 * line typed, and what the terminal showed — so a reload or another device resumes exactly. Reset replaces the
 * row's contents; submitting stores the grade and ends the session (a new one starts on the next visit).
 */
export const labSessions = pgTable(
  "lab_sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    labId: text("lab_id")
      .notNull()
      .references(() => labs.id),
    labVersionId: text("lab_version_id")
      .notNull()
      .references(() => labVersions.id),
    status: text("status").$type<"active" | "submitted">().notNull(),
    snapshot: jsonb("snapshot").notNull(),
    commandLog: jsonb("command_log").$type<string[]>().notNull(),
    transcript: jsonb("transcript").$type<LabTranscriptEntryRow[]>().notNull(),
    /** How many hints the learner asked for (they are revealed in order). */
    hintsShown: integer("hints_shown").notNull().default(0),
    grade: jsonb("grade").$type<LabGradeRow>(),
    score: doublePrecision("score"),
    /** Bumped by every write, so two tabs cannot overwrite each other's commands unnoticed. */
    revision: integer("revision").notNull().default(0),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
  },
  (table) => [index("lab_sessions_user_lab_idx").on(table.userId, table.labId, table.startedAt)],
);

export type LabRow = typeof labs.$inferSelect;
export type LabVersionRow = typeof labVersions.$inferSelect;
export type LabSessionRow = typeof labSessions.$inferSelect;
