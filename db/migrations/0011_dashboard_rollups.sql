CREATE TABLE "learner_activity_totals" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"days" integer DEFAULT 0 NOT NULL,
	"answers" integer DEFAULT 0 NOT NULL,
	"answer_time_ms" bigint DEFAULT 0 NOT NULL,
	"last_answer_at" timestamp with time zone,
	"reviews" integer DEFAULT 0 NOT NULL,
	"review_time_ms" bigint DEFAULT 0 NOT NULL,
	"last_review_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "learner_weekly_activity" (
	"user_id" uuid NOT NULL,
	"week" date NOT NULL,
	"days" integer DEFAULT 0 NOT NULL,
	"answers" integer DEFAULT 0 NOT NULL,
	"reviews" integer DEFAULT 0 NOT NULL,
	"scheduled_reviews" integer DEFAULT 0 NOT NULL,
	"scheduled_passed" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "learner_weekly_activity_user_id_week_pk" PRIMARY KEY("user_id","week")
);
--> statement-breakpoint
ALTER TABLE "learner_activity_totals" ADD CONSTRAINT "learner_activity_totals_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learner_weekly_activity" ADD CONSTRAINT "learner_weekly_activity_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "srs_review_logs_time_idx" ON "srs_review_logs" USING btree ("reviewed_at");--> statement-breakpoint
-- The per-week and all-time rollups are derived from learner_daily_activity (itself kept by the 0009 triggers on
-- practice_answers and srs_review_logs), so whatever changes a day's row changes them too, in the same statement.
-- Statement-level triggers with transition tables: one grouped write per statement, however many days it touched.
-- "days" counts the daily rows behind each rollup row; the row goes when it reaches zero. Deletes and updates only
-- ever UPDATE the rollups (never insert), so a learner's cascade delete cannot re-create a row for them.
-- Weeks start on Monday (ISO), as the dashboard's charts do; `day - (isodow - 1)` is that Monday, with no time zone.
CREATE FUNCTION "learner_rollups_from_daily"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "learner_weekly_activity" AS t ("user_id", "week", "days", "answers", "reviews", "scheduled_reviews", "scheduled_passed")
    SELECT "user_id", "day" - (extract(isodow FROM "day")::int - 1), count(*), sum("answers"), sum("reviews"), sum("scheduled_reviews"), sum("scheduled_passed")
      FROM new_rows GROUP BY 1, 2
    ON CONFLICT ("user_id", "week") DO UPDATE
       SET "days" = t."days" + excluded."days",
           "answers" = t."answers" + excluded."answers",
           "reviews" = t."reviews" + excluded."reviews",
           "scheduled_reviews" = t."scheduled_reviews" + excluded."scheduled_reviews",
           "scheduled_passed" = t."scheduled_passed" + excluded."scheduled_passed";
    INSERT INTO "learner_activity_totals" AS t ("user_id", "days", "answers", "answer_time_ms", "last_answer_at", "reviews", "review_time_ms", "last_review_at")
    SELECT "user_id", count(*), sum("answers"), sum("answer_time_ms"), max("last_answer_at"), sum("reviews"), sum("review_time_ms"), max("last_review_at")
      FROM new_rows GROUP BY 1
    ON CONFLICT ("user_id") DO UPDATE
       SET "days" = t."days" + excluded."days",
           "answers" = t."answers" + excluded."answers",
           "answer_time_ms" = t."answer_time_ms" + excluded."answer_time_ms",
           "last_answer_at" = greatest(t."last_answer_at", excluded."last_answer_at"),
           "reviews" = t."reviews" + excluded."reviews",
           "review_time_ms" = t."review_time_ms" + excluded."review_time_ms",
           "last_review_at" = greatest(t."last_review_at", excluded."last_review_at");
  ELSIF TG_OP = 'UPDATE' THEN
    -- The activity triggers change a day's counts, never its key, so the change is the new rows minus the old ones,
    -- summed in one pass (no join of the two transition tables: without statistics on fresh tables the planner
    -- may nest-loop such a join, which took minutes for a bulk import). A learner's latest time only needs
    -- re-reading from their days when a changed day's latest moved back (its answer or review was deleted or moved).
    UPDATE "learner_weekly_activity" t
       SET "answers" = t."answers" + g.answers, "reviews" = t."reviews" + g.reviews,
           "scheduled_reviews" = t."scheduled_reviews" + g.scheduled, "scheduled_passed" = t."scheduled_passed" + g.passed
      FROM (SELECT "user_id", "day" - (extract(isodow FROM "day")::int - 1) AS week,
                   sum("answers") AS answers, sum("reviews") AS reviews, sum("scheduled_reviews") AS scheduled, sum("scheduled_passed") AS passed
              FROM (SELECT "user_id", "day", "answers", "reviews", "scheduled_reviews", "scheduled_passed" FROM new_rows
                    UNION ALL
                    SELECT "user_id", "day", -"answers", -"reviews", -"scheduled_reviews", -"scheduled_passed" FROM old_rows) change
             GROUP BY 1, 2) g
     WHERE t."user_id" = g."user_id" AND t."week" = g.week;
    UPDATE "learner_activity_totals" t
       SET "answers" = t."answers" + g.answers,
           "answer_time_ms" = t."answer_time_ms" + g.answer_ms,
           "last_answer_at" = CASE WHEN g.old_answer_at IS NOT NULL AND (g.new_answer_at IS NULL OR g.new_answer_at < g.old_answer_at)
                                   THEN (SELECT max(d."last_answer_at") FROM "learner_daily_activity" d WHERE d."user_id" = t."user_id")
                                   ELSE greatest(t."last_answer_at", g.new_answer_at) END,
           "reviews" = t."reviews" + g.reviews,
           "review_time_ms" = t."review_time_ms" + g.review_ms,
           "last_review_at" = CASE WHEN g.old_review_at IS NOT NULL AND (g.new_review_at IS NULL OR g.new_review_at < g.old_review_at)
                                   THEN (SELECT max(d."last_review_at") FROM "learner_daily_activity" d WHERE d."user_id" = t."user_id")
                                   ELSE greatest(t."last_review_at", g.new_review_at) END
      FROM (SELECT "user_id", sum("answers") AS answers, sum("answer_time_ms") AS answer_ms, sum("reviews") AS reviews, sum("review_time_ms") AS review_ms,
                   max("last_answer_at") FILTER (WHERE side = 1) AS new_answer_at, max("last_answer_at") FILTER (WHERE side = -1) AS old_answer_at,
                   max("last_review_at") FILTER (WHERE side = 1) AS new_review_at, max("last_review_at") FILTER (WHERE side = -1) AS old_review_at
              FROM (SELECT "user_id", 1 AS side, "answers", "answer_time_ms", "last_answer_at", "reviews", "review_time_ms", "last_review_at" FROM new_rows
                    UNION ALL
                    SELECT "user_id", -1, -"answers", -"answer_time_ms", "last_answer_at", -"reviews", -"review_time_ms", "last_review_at" FROM old_rows) change
             GROUP BY 1) g
     WHERE t."user_id" = g."user_id";
  ELSE
    UPDATE "learner_weekly_activity" t
       SET "days" = t."days" - g.days, "answers" = t."answers" - g.answers, "reviews" = t."reviews" - g.reviews,
           "scheduled_reviews" = t."scheduled_reviews" - g.scheduled, "scheduled_passed" = t."scheduled_passed" - g.passed
      FROM (SELECT "user_id", "day" - (extract(isodow FROM "day")::int - 1) AS week, count(*) AS days, sum("answers") AS answers, sum("reviews") AS reviews,
                   sum("scheduled_reviews") AS scheduled, sum("scheduled_passed") AS passed
              FROM old_rows GROUP BY 1, 2) g
     WHERE t."user_id" = g."user_id" AND t."week" = g.week;
    DELETE FROM "learner_weekly_activity" WHERE "days" <= 0
       AND ("user_id", "week") IN (SELECT "user_id", "day" - (extract(isodow FROM "day")::int - 1) FROM old_rows);
    UPDATE "learner_activity_totals" t
       SET "days" = t."days" - g.days,
           "answers" = t."answers" - g.answers,
           "answer_time_ms" = t."answer_time_ms" - g.answer_ms,
           "last_answer_at" = (SELECT max(d."last_answer_at") FROM "learner_daily_activity" d WHERE d."user_id" = t."user_id"),
           "reviews" = t."reviews" - g.reviews,
           "review_time_ms" = t."review_time_ms" - g.review_ms,
           "last_review_at" = (SELECT max(d."last_review_at") FROM "learner_daily_activity" d WHERE d."user_id" = t."user_id")
      FROM (SELECT "user_id", count(*) AS days, sum("answers") AS answers, sum("answer_time_ms") AS answer_ms, sum("reviews") AS reviews, sum("review_time_ms") AS review_ms
              FROM old_rows GROUP BY 1) g
     WHERE t."user_id" = g."user_id";
    DELETE FROM "learner_activity_totals" WHERE "days" <= 0 AND "user_id" IN (SELECT "user_id" FROM old_rows);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "learner_daily_activity_rollups_insert" AFTER INSERT ON "learner_daily_activity" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "learner_rollups_from_daily"();--> statement-breakpoint
CREATE TRIGGER "learner_daily_activity_rollups_update" AFTER UPDATE ON "learner_daily_activity" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "learner_rollups_from_daily"();--> statement-breakpoint
CREATE TRIGGER "learner_daily_activity_rollups_delete" AFTER DELETE ON "learner_daily_activity" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "learner_rollups_from_daily"();--> statement-breakpoint
-- The days already rolled up, counted once.
INSERT INTO "learner_weekly_activity" ("user_id", "week", "days", "answers", "reviews", "scheduled_reviews", "scheduled_passed")
SELECT "user_id", "day" - (extract(isodow FROM "day")::int - 1), count(*), sum("answers"), sum("reviews"), sum("scheduled_reviews"), sum("scheduled_passed")
  FROM "learner_daily_activity" GROUP BY 1, 2;--> statement-breakpoint
INSERT INTO "learner_activity_totals" ("user_id", "days", "answers", "answer_time_ms", "last_answer_at", "reviews", "review_time_ms", "last_review_at")
SELECT "user_id", count(*), sum("answers"), sum("answer_time_ms"), max("last_answer_at"), sum("reviews"), sum("review_time_ms"), max("last_review_at")
  FROM "learner_daily_activity" GROUP BY 1;
