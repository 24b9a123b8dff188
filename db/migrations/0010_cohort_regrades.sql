CREATE TABLE "cohort_regrades" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"cohort_id" uuid NOT NULL,
	"question_id" text NOT NULL,
	"mode" text NOT NULL,
	"key" jsonb,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "cohort_regrades_key_check" CHECK (("cohort_regrades"."mode" = 'neutralize') = ("cohort_regrades"."key" is null))
);
--> statement-breakpoint
ALTER TABLE "cohort_regrades" ADD CONSTRAINT "cohort_regrades_cohort_id_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."cohorts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cohort_regrades" ADD CONSTRAINT "cohort_regrades_question_id_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."questions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cohort_regrades" ADD CONSTRAINT "cohort_regrades_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "cohort_regrades_cohort_question_idx" ON "cohort_regrades" USING btree ("cohort_id","question_id");--> statement-breakpoint
CREATE INDEX "cohort_regrades_question_idx" ON "cohort_regrades" USING btree ("question_id");