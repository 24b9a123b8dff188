CREATE TABLE "practice_answers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"question_version_id" text NOT NULL,
	"question_id" text NOT NULL,
	"topic" text NOT NULL,
	"response" jsonb NOT NULL,
	"score" double precision NOT NULL,
	"time_taken_ms" integer,
	"answered_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "practice_answers" ADD CONSTRAINT "practice_answers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practice_answers" ADD CONSTRAINT "practice_answers_question_version_id_question_versions_id_fk" FOREIGN KEY ("question_version_id") REFERENCES "public"."question_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "practice_answers_user_topic_idx" ON "practice_answers" USING btree ("user_id","topic","answered_at");--> statement-breakpoint
CREATE INDEX "practice_answers_question_version_idx" ON "practice_answers" USING btree ("question_version_id");