import { sql } from "drizzle-orm";
import { bigint, check, date, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { notes, questions } from "./content";
import { examAttempts } from "./exams";
import { users } from "./users";

/**
 * Cohorts (issue 8): groups of learners an instructor runs through the course. A cohort has one or more
 * instructors (its creator and co-instructors) and any number of learners; a learner may be in several. Every
 * instructor query is scoped through `cohort_instructors`, so an instructor never reaches a cohort — or a learner
 * — that is not theirs.
 */
export const cohorts = pgTable("cohorts", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  description: text("description").notNull().default(""),
  createdBy: uuid("created_by")
    .notNull()
    .references(() => users.id),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const cohortInstructors = pgTable(
  "cohort_instructors",
  {
    cohortId: uuid("cohort_id")
      .notNull()
      .references(() => cohorts.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The owner may add and remove co-instructors; both may do everything else. */
    role: text("role").$type<"owner" | "co-instructor">().notNull(),
    addedAt: timestamp("added_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.cohortId, table.userId] }), index("cohort_instructors_user_idx").on(table.userId)],
);

export const cohortMembers = pgTable(
  "cohort_members",
  {
    cohortId: uuid("cohort_id")
      .notNull()
      .references(() => cohorts.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    joinedAt: timestamp("joined_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.cohortId, table.userId] }), index("cohort_members_user_idx").on(table.userId)],
);

/**
 * Join codes. A code is short enough to read aloud and is looked up case-insensitively (stored upper-case);
 * it stops working when it expires or is revoked, and the row stays so a late joiner is told which.
 */
export const cohortInvites = pgTable(
  "cohort_invites",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    cohortId: uuid("cohort_id")
      .notNull()
      .references(() => cohorts.id, { onDelete: "cascade" }),
    code: text("code").notNull(),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    uses: integer("uses").notNull().default(0),
  },
  (table) => [uniqueIndex("cohort_invites_code_idx").on(table.code), index("cohort_invites_cohort_idx").on(table.cohortId)],
);

/**
 * Work set for a cohort: an exam blueprint, labs or flashcard decks, open between two times. `target_ids` are
 * blueprint, lab or deck ids by kind. Extra time per learner is the exam engine's accommodation
 * (`exam_accommodations`), which every attempt that learner starts picks up.
 */
export const cohortAssignments = pgTable(
  "cohort_assignments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    cohortId: uuid("cohort_id")
      .notNull()
      .references(() => cohorts.id, { onDelete: "cascade" }),
    kind: text("kind").$type<"exam" | "labs" | "decks">().notNull(),
    targetIds: text("target_ids").array().notNull(),
    title: text("title").notNull(),
    opensAt: timestamp("opens_at", { withTimezone: true }).notNull(),
    closesAt: timestamp("closes_at", { withTimezone: true }).notNull(),
    /** Exams only: how many attempts count; null for no limit. */
    attemptsAllowed: integer("attempts_allowed"),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index("cohort_assignments_cohort_idx").on(table.cohortId, table.closesAt),
    check("cohort_assignments_window_check", sql`${table.closesAt} > ${table.opensAt}`),
    check("cohort_assignments_attempts_check", sql`${table.attemptsAllowed} is null or ${table.attemptsAllowed} > 0`),
  ],
);

/**
 * Which notes a learner has opened, and for how long they have been coming back to them: nothing recorded
 * reading before the dashboard needed "notes read", so the note page writes one upsert per view.
 */
export const noteReads = pgTable(
  "note_reads",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    noteId: text("note_id")
      .notNull()
      .references(() => notes.id),
    firstReadAt: timestamp("first_read_at", { withTimezone: true }).notNull(),
    lastReadAt: timestamp("last_read_at", { withTimezone: true }).notNull(),
    views: integer("views").notNull().default(1),
  },
  (table) => [primaryKey({ columns: [table.userId, table.noteId] })],
);

/**
 * Which exam attempts were taken for an assignment. Free practice attempts have no row here, so the window and
 * the attempt limit bind only attempts started from the assignment; the count of rows is the attempts used.
 */
export const cohortAssignmentAttempts = pgTable(
  "cohort_assignment_attempts",
  {
    attemptId: uuid("attempt_id")
      .primaryKey()
      .references(() => examAttempts.id, { onDelete: "cascade" }),
    assignmentId: uuid("assignment_id")
      .notNull()
      .references(() => cohortAssignments.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (table) => [index("cohort_assignment_attempts_assignment_user_idx").on(table.assignmentId, table.userId)],
);

/**
 * What instructors did to learners' exams after the fact: extra time, an attempt closed early, a question
 * neutralized or re-keyed, a time multiplier set. Rows are never updated or deleted; `details` holds the
 * before/after values the action needs to be understood later.
 */
export const cohortAuditLog = pgTable(
  "cohort_audit_log",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    cohortId: uuid("cohort_id").references(() => cohorts.id, { onDelete: "set null" }),
    actorId: uuid("actor_id")
      .notNull()
      .references(() => users.id),
    action: text("action").$type<"attempt/extend" | "attempt/close" | "question/neutralize" | "question/rekey" | "question/restore" | "learner/time-multiplier">().notNull(),
    /** The attempt, question or learner acted on. */
    subject: text("subject").notNull(),
    details: jsonb("details").$type<Record<string, unknown>>().notNull(),
    at: timestamp("at", { withTimezone: true }).notNull(),
  },
  (table) => [index("cohort_audit_log_cohort_at_idx").on(table.cohortId, table.at)],
);

/**
 * Per-learner, per-UTC-day totals of practice answers and flashcard reviews, for the cohort dashboard. Reading a
 * thousand learners' raw answers and reviews (hundreds of thousands of rows) on every page view took seconds;
 * these rows are a few per learner per active day. They are kept by triggers on `practice_answers` and
 * `srs_review_logs` (migration 0009_dashboard_indexes), not by application code, so every write path — drills,
 * review undo, imports, a user's cascade delete — keeps them exact. Never write to this table directly.
 */
export const learnerDailyActivity = pgTable(
  "learner_daily_activity",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The UTC calendar day. */
    day: date("day", { mode: "string" }).notNull(),
    answers: integer("answers").notNull().default(0),
    answerTimeMs: bigint("answer_time_ms", { mode: "number" }).notNull().default(0),
    lastAnswerAt: timestamp("last_answer_at", { withTimezone: true }),
    /** Every review log of the day, whatever its kind. */
    reviews: integer("reviews").notNull().default(0),
    reviewTimeMs: bigint("review_time_ms", { mode: "number" }).notNull().default(0),
    /** Logs of kind `review` (scheduled reviews), and those of them not rated Again: the retention ratio's parts. */
    scheduledReviews: integer("scheduled_reviews").notNull().default(0),
    scheduledPassed: integer("scheduled_passed").notNull().default(0),
    lastReviewAt: timestamp("last_review_at", { withTimezone: true }),
  },
  (table) => [primaryKey({ columns: [table.userId, table.day] })],
);

/** Per-learner, per-topic practice totals (answer count and score sum) for the mastery heat map; trigger-kept too. */
export const learnerTopicPractice = pgTable(
  "learner_topic_practice",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    topic: text("topic").notNull(),
    answers: integer("answers").notNull().default(0),
    scoreTotal: doublePrecision("score_total").notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.userId, table.topic] })],
);

/**
 * Per-learner, per-week (Monday, UTC) sums of the daily rows, for the progress charts: twelve weeks of a thousand
 * learners are twelve thousand rows here against eighty thousand daily ones. `days` counts the daily rows behind a
 * week; the week's row goes when it reaches zero. Kept by triggers on `learner_daily_activity` (migration
 * 0011_dashboard_rollups), so it follows every change to the days; never write to it directly.
 */
export const learnerWeeklyActivity = pgTable(
  "learner_weekly_activity",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The Monday the week starts on. */
    week: date("week", { mode: "string" }).notNull(),
    days: integer("days").notNull().default(0),
    answers: integer("answers").notNull().default(0),
    reviews: integer("reviews").notNull().default(0),
    scheduledReviews: integer("scheduled_reviews").notNull().default(0),
    scheduledPassed: integer("scheduled_passed").notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.userId, table.week] })],
);

/**
 * One row per learner with any activity: all-time answer and review counts, time and latest instants, so the
 * roster reads a thousand rows rather than every day each learner was active. Trigger-kept like the weekly rows.
 */
export const learnerActivityTotals = pgTable("learner_activity_totals", {
  userId: uuid("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  days: integer("days").notNull().default(0),
  answers: integer("answers").notNull().default(0),
  answerTimeMs: bigint("answer_time_ms", { mode: "number" }).notNull().default(0),
  lastAnswerAt: timestamp("last_answer_at", { withTimezone: true }),
  reviews: integer("reviews").notNull().default(0),
  reviewTimeMs: bigint("review_time_ms", { mode: "number" }).notNull().default(0),
  lastReviewAt: timestamp("last_review_at", { withTimezone: true }),
});

/**
 * A cohort's standing decision about a bad question: neutralize it (full marks for everyone) or score it against a
 * corrected key (`key`, lib/exam/regrade `AnswerKey`, null when neutralized). One row per cohort and question: a
 * later regrade replaces the earlier one, and "restore the original key" deletes it. Submitted attempts are
 * rescored when the row changes, and attempts still open or not yet started read it when they are scored, so the
 * decision holds from then on (lib/cohorts/regrade explains which cohort's row an attempt gets).
 */
export const cohortRegrades = pgTable(
  "cohort_regrades",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    cohortId: uuid("cohort_id")
      .notNull()
      .references(() => cohorts.id, { onDelete: "cascade" }),
    questionId: text("question_id")
      .notNull()
      .references(() => questions.id),
    mode: text("mode").$type<"neutralize" | "rekey">().notNull(),
    key: jsonb("key").$type<Record<string, unknown>>(),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (table) => [
    uniqueIndex("cohort_regrades_cohort_question_idx").on(table.cohortId, table.questionId),
    // Scoring an attempt looks regrades up by question first.
    index("cohort_regrades_question_idx").on(table.questionId),
    check("cohort_regrades_key_check", sql`(${table.mode} = 'neutralize') = (${table.key} is null)`),
  ],
);

export type CohortRow = typeof cohorts.$inferSelect;
export type CohortInviteRow = typeof cohortInvites.$inferSelect;
export type CohortAssignmentRow = typeof cohortAssignments.$inferSelect;
export type CohortAuditRow = typeof cohortAuditLog.$inferSelect;
export type CohortRegradeRow = typeof cohortRegrades.$inferSelect;
