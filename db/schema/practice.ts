import { doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { questionVersions } from "./content";
import { users } from "./users";

/**
 * Answers given in practice drills (untimed, immediate feedback). Each points at the exact question version
 * answered, so editing a question never rewrites what a learner was asked.
 */
export const practiceAnswers = pgTable(
  "practice_answers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    questionVersionId: text("question_version_id")
      .notNull()
      .references(() => questionVersions.id),
    questionId: text("question_id").notNull(),
    topic: text("topic").notNull(),
    /** The response as sent (lib/exam/scoring `responseSchema`). */
    response: jsonb("response").notNull(),
    score: doublePrecision("score").notNull(),
    /** Milliseconds between showing the question and the answer, as the browser measured it (capped). */
    timeTakenMs: integer("time_taken_ms"),
    answeredAt: timestamp("answered_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index("practice_answers_user_topic_idx").on(table.userId, table.topic, table.answeredAt),
    index("practice_answers_question_version_idx").on(table.questionVersionId),
  ],
);

export type PracticeAnswerRow = typeof practiceAnswers.$inferSelect;
