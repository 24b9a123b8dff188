CREATE TABLE "learner_daily_activity" (
	"user_id" uuid NOT NULL,
	"day" date NOT NULL,
	"answers" integer DEFAULT 0 NOT NULL,
	"answer_time_ms" bigint DEFAULT 0 NOT NULL,
	"last_answer_at" timestamp with time zone,
	"reviews" integer DEFAULT 0 NOT NULL,
	"review_time_ms" bigint DEFAULT 0 NOT NULL,
	"scheduled_reviews" integer DEFAULT 0 NOT NULL,
	"scheduled_passed" integer DEFAULT 0 NOT NULL,
	"last_review_at" timestamp with time zone,
	CONSTRAINT "learner_daily_activity_user_id_day_pk" PRIMARY KEY("user_id","day")
);
--> statement-breakpoint
CREATE TABLE "learner_topic_practice" (
	"user_id" uuid NOT NULL,
	"topic" text NOT NULL,
	"answers" integer DEFAULT 0 NOT NULL,
	"score_total" double precision DEFAULT 0 NOT NULL,
	CONSTRAINT "learner_topic_practice_user_id_topic_pk" PRIMARY KEY("user_id","topic")
);
--> statement-breakpoint
ALTER TABLE "learner_daily_activity" ADD CONSTRAINT "learner_daily_activity_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "learner_topic_practice" ADD CONSTRAINT "learner_topic_practice_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "srs_card_states_backlog_idx" ON "srs_card_states" USING btree ("user_id","due") WHERE "srs_card_states"."state" <> 'new' and not "srs_card_states"."suspended" and not "srs_card_states"."retired";--> statement-breakpoint
-- The two rollups are kept by statement-level triggers (one pass over each statement's rows, so a bulk insert
-- costs one grouped upsert, not one per row). Inserts add to the totals; deletes and updates subtract the old
-- rows and re-read the day's latest time from what remains. Days are UTC calendar days.
CREATE FUNCTION "learner_activity_from_practice"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    UPDATE "learner_daily_activity" t
       SET "answers" = t."answers" - g.n,
           "answer_time_ms" = t."answer_time_ms" - g.ms,
           "last_answer_at" = (SELECT max(p."answered_at") FROM "practice_answers" p
                                WHERE p."user_id" = t."user_id"
                                  AND p."answered_at" >= t."day"::timestamp AT TIME ZONE 'UTC'
                                  AND p."answered_at" < (t."day" + 1)::timestamp AT TIME ZONE 'UTC')
      FROM (SELECT "user_id", ("answered_at" AT TIME ZONE 'UTC')::date AS day, count(*)::int AS n, coalesce(sum("time_taken_ms"), 0)::bigint AS ms
              FROM old_rows GROUP BY 1, 2) g
     WHERE t."user_id" = g."user_id" AND t."day" = g.day;
    UPDATE "learner_topic_practice" t
       SET "answers" = t."answers" - g.n, "score_total" = t."score_total" - g.total
      FROM (SELECT "user_id", "topic", count(*)::int AS n, sum("score") AS total FROM old_rows GROUP BY 1, 2) g
     WHERE t."user_id" = g."user_id" AND t."topic" = g."topic";
    DELETE FROM "learner_daily_activity" WHERE "answers" <= 0 AND "reviews" <= 0
       AND ("user_id", "day") IN (SELECT "user_id", ("answered_at" AT TIME ZONE 'UTC')::date FROM old_rows);
    DELETE FROM "learner_topic_practice" WHERE "answers" <= 0 AND ("user_id", "topic") IN (SELECT "user_id", "topic" FROM old_rows);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO "learner_daily_activity" AS t ("user_id", "day", "answers", "answer_time_ms", "last_answer_at")
    SELECT "user_id", ("answered_at" AT TIME ZONE 'UTC')::date, count(*), coalesce(sum("time_taken_ms"), 0), max("answered_at")
      FROM new_rows GROUP BY 1, 2
    ON CONFLICT ("user_id", "day") DO UPDATE
       SET "answers" = t."answers" + excluded."answers",
           "answer_time_ms" = t."answer_time_ms" + excluded."answer_time_ms",
           "last_answer_at" = greatest(t."last_answer_at", excluded."last_answer_at");
    INSERT INTO "learner_topic_practice" AS t ("user_id", "topic", "answers", "score_total")
    SELECT "user_id", "topic", count(*), sum("score") FROM new_rows GROUP BY 1, 2
    ON CONFLICT ("user_id", "topic") DO UPDATE
       SET "answers" = t."answers" + excluded."answers", "score_total" = t."score_total" + excluded."score_total";
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "learner_activity_from_reviews"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    UPDATE "learner_daily_activity" t
       SET "reviews" = t."reviews" - g.n,
           "review_time_ms" = t."review_time_ms" - g.ms,
           "scheduled_reviews" = t."scheduled_reviews" - g.scheduled,
           "scheduled_passed" = t."scheduled_passed" - g.passed,
           "last_review_at" = (SELECT max(r."reviewed_at") FROM "srs_review_logs" r
                                WHERE r."user_id" = t."user_id"
                                  AND r."reviewed_at" >= t."day"::timestamp AT TIME ZONE 'UTC'
                                  AND r."reviewed_at" < (t."day" + 1)::timestamp AT TIME ZONE 'UTC')
      FROM (SELECT "user_id", ("reviewed_at" AT TIME ZONE 'UTC')::date AS day, count(*)::int AS n, coalesce(sum("duration_ms"), 0)::bigint AS ms,
                   (count(*) FILTER (WHERE "kind" = 'review'))::int AS scheduled, (count(*) FILTER (WHERE "kind" = 'review' AND "rating" > 1))::int AS passed
              FROM old_rows GROUP BY 1, 2) g
     WHERE t."user_id" = g."user_id" AND t."day" = g.day;
    DELETE FROM "learner_daily_activity" WHERE "answers" <= 0 AND "reviews" <= 0
       AND ("user_id", "day") IN (SELECT "user_id", ("reviewed_at" AT TIME ZONE 'UTC')::date FROM old_rows);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO "learner_daily_activity" AS t ("user_id", "day", "reviews", "review_time_ms", "scheduled_reviews", "scheduled_passed", "last_review_at")
    SELECT "user_id", ("reviewed_at" AT TIME ZONE 'UTC')::date, count(*), coalesce(sum("duration_ms"), 0),
           count(*) FILTER (WHERE "kind" = 'review'), count(*) FILTER (WHERE "kind" = 'review' AND "rating" > 1), max("reviewed_at")
      FROM new_rows GROUP BY 1, 2
    ON CONFLICT ("user_id", "day") DO UPDATE
       SET "reviews" = t."reviews" + excluded."reviews",
           "review_time_ms" = t."review_time_ms" + excluded."review_time_ms",
           "scheduled_reviews" = t."scheduled_reviews" + excluded."scheduled_reviews",
           "scheduled_passed" = t."scheduled_passed" + excluded."scheduled_passed",
           "last_review_at" = greatest(t."last_review_at", excluded."last_review_at");
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "practice_answers_activity_insert" AFTER INSERT ON "practice_answers" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "learner_activity_from_practice"();--> statement-breakpoint
CREATE TRIGGER "practice_answers_activity_update" AFTER UPDATE ON "practice_answers" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "learner_activity_from_practice"();--> statement-breakpoint
CREATE TRIGGER "practice_answers_activity_delete" AFTER DELETE ON "practice_answers" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "learner_activity_from_practice"();--> statement-breakpoint
CREATE TRIGGER "srs_review_logs_activity_insert" AFTER INSERT ON "srs_review_logs" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "learner_activity_from_reviews"();--> statement-breakpoint
CREATE TRIGGER "srs_review_logs_activity_update" AFTER UPDATE ON "srs_review_logs" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "learner_activity_from_reviews"();--> statement-breakpoint
CREATE TRIGGER "srs_review_logs_activity_delete" AFTER DELETE ON "srs_review_logs" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "learner_activity_from_reviews"();--> statement-breakpoint
-- Existing answers and reviews, counted once.
INSERT INTO "learner_daily_activity" ("user_id", "day", "answers", "answer_time_ms", "last_answer_at", "reviews", "review_time_ms", "scheduled_reviews", "scheduled_passed", "last_review_at")
SELECT "user_id", day, sum(answers), sum(answer_ms), max(last_answer), sum(reviews), sum(review_ms), sum(scheduled), sum(passed), max(last_review)
  FROM (SELECT "user_id", ("answered_at" AT TIME ZONE 'UTC')::date AS day, count(*) AS answers, coalesce(sum("time_taken_ms"), 0) AS answer_ms, max("answered_at") AS last_answer,
               0 AS reviews, 0 AS review_ms, 0 AS scheduled, 0 AS passed, NULL::timestamptz AS last_review
          FROM "practice_answers" GROUP BY 1, 2
        UNION ALL
        SELECT "user_id", ("reviewed_at" AT TIME ZONE 'UTC')::date, 0, 0, NULL, count(*), coalesce(sum("duration_ms"), 0),
               count(*) FILTER (WHERE "kind" = 'review'), count(*) FILTER (WHERE "kind" = 'review' AND "rating" > 1), max("reviewed_at")
          FROM "srs_review_logs" GROUP BY 1, 2) activity
 GROUP BY 1, 2;--> statement-breakpoint
INSERT INTO "learner_topic_practice" ("user_id", "topic", "answers", "score_total")
SELECT "user_id", "topic", count(*), sum("score") FROM "practice_answers" GROUP BY 1, 2;
