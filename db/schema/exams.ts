import { sql } from "drizzle-orm";
import { bigint, boolean, check, doublePrecision, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { blueprints, questionVersions } from "./content";
import { labVersions, type LabTranscriptEntryRow } from "./labs";
import { users } from "./users";

/**
 * Timed mock exams (lib/exam). An attempt is drawn once from a blueprint with a recorded seed; its items point
 * at exact question versions (or, once the labs feature lands, at labs) with the option order shown, so an
 * attempt reads the same on every device and after every content import. Answers are one row per item, the
 * newest by the client's sequence number; the server's clock alone decides the deadline.
 */

/** The blueprint as it was when the attempt started: a re-import must not change how an attempt is scored. */
export interface AttemptBlueprintJson {
  id: string;
  title: string;
  durationMinutes: number;
  passMark: number;
  sections: { id: string; title: string; weight: number }[];
}

/** The scored result (lib/exam `AttemptResult`); db/ does not import lib/, so the shape is only named here. */
export type AttemptResultJson = Record<string, unknown>;

export const examAttempts = pgTable(
  "exam_attempts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    blueprintId: text("blueprint_id")
      .notNull()
      .references(() => blueprints.id),
    blueprint: jsonb("blueprint").$type<AttemptBlueprintJson>().notNull(),
    /** The draw's seed (an unsigned 32-bit number): with the pool it reproduces the attempt's items. */
    seed: bigint("seed", { mode: "number" }).notNull(),
    status: text("status").$type<"open" | "submitted">().notNull().default("open"),
    /** Who closed the attempt: the learner, the deadline (the browser's auto-submit or the server's sweep), or an instructor's "close now". */
    finishedBy: text("finished_by").$type<"learner" | "deadline" | "instructor">(),
    /** Accommodation applied at the start (1 = standard time). */
    timeMultiplier: doublePrecision("time_multiplier").notNull().default(1),
    startedAt: timestamp("started_at", { withTimezone: true, mode: "date" }).notNull(),
    deadlineAt: timestamp("deadline_at", { withTimezone: true, mode: "date" }).notNull(),
    submittedAt: timestamp("submitted_at", { withTimezone: true, mode: "date" }),
    scorePercent: doublePrecision("score_percent"),
    passed: boolean("passed"),
    result: jsonb("result").$type<AttemptResultJson>(),
  },
  (table) => [
    // The database, not the app, guarantees one open attempt per exam per learner: two tabs pressing Start at once
    // get the same attempt rather than two.
    uniqueIndex("exam_attempts_one_open_idx").on(table.userId, table.blueprintId).where(sql`${table.status} = 'open'`),
    index("exam_attempts_user_started_idx").on(table.userId, table.startedAt),
    // The sweep looks for open attempts past their deadline.
    index("exam_attempts_open_deadline_idx").on(table.deadlineAt).where(sql`${table.status} = 'open'`),
  ],
);

/**
 * One item of an attempt, in the order shown. `kind` says what it is: a question version today; a lab (issue 5)
 * when the labs feature exists — `lab_id` is reserved for it and the check keeps the two shapes apart.
 */
export const examAttemptItems = pgTable(
  "exam_attempt_items",
  {
    attemptId: uuid("attempt_id")
      .notNull()
      .references(() => examAttempts.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    kind: text("kind").$type<"question" | "lab">().notNull(),
    sectionId: text("section_id").notNull(),
    topic: text("topic").notNull(),
    /** Share of the exam's 100 points this item carries (its section's weight split over its items). */
    points: doublePrecision("points").notNull(),
    questionVersionId: text("question_version_id").references(() => questionVersions.id),
    /** The question's kind (`single`, `multiple`, …), so a save can be checked without reading the question. */
    answerKind: text("answer_kind"),
    /** Option keys (choice questions) or item positions (ordering) in the order this learner sees them. */
    displayOrder: jsonb("display_order").$type<(string | number)[]>(),
    labId: text("lab_id"),
    /** The exact lab version drawn, so its task and checks never change under an attempt. */
    labVersionId: text("lab_version_id").references(() => labVersions.id),
  },
  (table) => [
    primaryKey({ columns: [table.attemptId, table.position] }),
    check(
      "exam_attempt_items_kind_check",
      sql`(${table.kind} = 'question' and ${table.questionVersionId} is not null and ${table.labId} is null) or (${table.kind} = 'lab' and ${table.labId} is not null and ${table.questionVersionId} is null)`,
    ),
  ],
);

/**
 * The learner's current answer to each item. `seq` is the client's sequence number (server-clock milliseconds
 * of the change, lib/exam `nextSequence`); an upsert only replaces a row with a higher one, so a stale tab or a
 * late offline replay never overwrites a newer answer. `saved_at` is the server's receipt time.
 */
export const examAnswers = pgTable(
  "exam_answers",
  {
    attemptId: uuid("attempt_id").notNull(),
    position: integer("position").notNull(),
    /** lib/exam/scoring `Response`, or null when the learner cleared the answer (a flag can stand alone). */
    response: jsonb("response"),
    flagged: boolean("flagged").notNull().default(false),
    seq: bigint("seq", { mode: "number" }).notNull(),
    savedAt: timestamp("saved_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.attemptId, table.position] }),
    // Composite key to the item: an answer can only exist for an item of its attempt, and goes with it.
    foreignKey({ columns: [table.attemptId, table.position], foreignColumns: [examAttemptItems.attemptId, examAttemptItems.position] }).onDelete("cascade"),
  ],
);

/** Extra time (or, for drills, less) granted to a learner; read when an attempt starts. */
export const examAccommodations = pgTable(
  "exam_accommodations",
  {
    userId: uuid("user_id")
      .primaryKey()
      .references(() => users.id, { onDelete: "cascade" }),
    timeMultiplier: doublePrecision("time_multiplier").notNull(),
    note: text("note"),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (table) => [check("exam_accommodations_multiplier_check", sql`${table.timeMultiplier} > 0 and ${table.timeMultiplier} <= 4`)],
);

/** A transcript line of the exam's terminal, with the item that was on screen when it was typed. */
export interface ExamTranscriptEntryRow extends LabTranscriptEntryRow {
  position: number;
}

/**
 * The one simulated cloud an attempt's labs share (lib/labs `composeSharedCloud`): the cloud and shell as
 * plain JSON, every line typed and what the terminal showed. Written when the attempt starts; each command
 * replaces it (guarded by `revision` and the attempt being open); graded at finalization.
 */
export const examLabClouds = pgTable("exam_lab_clouds", {
  attemptId: uuid("attempt_id")
    .primaryKey()
    .references(() => examAttempts.id, { onDelete: "cascade" }),
  snapshot: jsonb("snapshot").notNull(),
  commandLog: jsonb("command_log").$type<string[]>().notNull(),
  transcript: jsonb("transcript").$type<ExamTranscriptEntryRow[]>().notNull(),
  revision: integer("revision").notNull().default(0),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
});

export type ExamLabCloudRow = typeof examLabClouds.$inferSelect;
export type ExamAttemptRow = typeof examAttempts.$inferSelect;
export type ExamAttemptItemRow = typeof examAttemptItems.$inferSelect;
export type ExamAnswerRow = typeof examAnswers.$inferSelect;
export type ExamAccommodationRow = typeof examAccommodations.$inferSelect;
