CREATE TABLE "exam_accommodations" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"time_multiplier" double precision NOT NULL,
	"note" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "exam_accommodations_multiplier_check" CHECK ("exam_accommodations"."time_multiplier" > 0 and "exam_accommodations"."time_multiplier" <= 4)
);
--> statement-breakpoint
CREATE TABLE "exam_answers" (
	"attempt_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"response" jsonb,
	"flagged" boolean DEFAULT false NOT NULL,
	"seq" bigint NOT NULL,
	"saved_at" timestamp with time zone NOT NULL,
	CONSTRAINT "exam_answers_attempt_id_position_pk" PRIMARY KEY("attempt_id","position")
);
--> statement-breakpoint
CREATE TABLE "exam_attempt_items" (
	"attempt_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"kind" text NOT NULL,
	"section_id" text NOT NULL,
	"topic" text NOT NULL,
	"points" double precision NOT NULL,
	"question_version_id" text,
	"answer_kind" text,
	"display_order" jsonb,
	"lab_id" text,
	CONSTRAINT "exam_attempt_items_attempt_id_position_pk" PRIMARY KEY("attempt_id","position"),
	CONSTRAINT "exam_attempt_items_kind_check" CHECK (("exam_attempt_items"."kind" = 'question' and "exam_attempt_items"."question_version_id" is not null and "exam_attempt_items"."lab_id" is null) or ("exam_attempt_items"."kind" = 'lab' and "exam_attempt_items"."lab_id" is not null and "exam_attempt_items"."question_version_id" is null))
);
--> statement-breakpoint
CREATE TABLE "exam_attempts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"blueprint_id" text NOT NULL,
	"blueprint" jsonb NOT NULL,
	"seed" bigint NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"finished_by" text,
	"time_multiplier" double precision DEFAULT 1 NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"deadline_at" timestamp with time zone NOT NULL,
	"submitted_at" timestamp with time zone,
	"score_percent" double precision,
	"passed" boolean,
	"result" jsonb
);
--> statement-breakpoint
ALTER TABLE "exam_accommodations" ADD CONSTRAINT "exam_accommodations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_answers" ADD CONSTRAINT "exam_answers_attempt_id_position_exam_attempt_items_attempt_id_position_fk" FOREIGN KEY ("attempt_id","position") REFERENCES "public"."exam_attempt_items"("attempt_id","position") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_attempt_items" ADD CONSTRAINT "exam_attempt_items_attempt_id_exam_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."exam_attempts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_attempt_items" ADD CONSTRAINT "exam_attempt_items_question_version_id_question_versions_id_fk" FOREIGN KEY ("question_version_id") REFERENCES "public"."question_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_attempts" ADD CONSTRAINT "exam_attempts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_attempts" ADD CONSTRAINT "exam_attempts_blueprint_id_blueprints_id_fk" FOREIGN KEY ("blueprint_id") REFERENCES "public"."blueprints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "exam_attempts_one_open_idx" ON "exam_attempts" USING btree ("user_id","blueprint_id") WHERE "exam_attempts"."status" = 'open';--> statement-breakpoint
CREATE INDEX "exam_attempts_user_started_idx" ON "exam_attempts" USING btree ("user_id","started_at");--> statement-breakpoint
CREATE INDEX "exam_attempts_open_deadline_idx" ON "exam_attempts" USING btree ("deadline_at") WHERE "exam_attempts"."status" = 'open';