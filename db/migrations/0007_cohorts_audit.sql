CREATE TABLE "cohort_assignment_attempts" (
	"attempt_id" uuid PRIMARY KEY NOT NULL,
	"assignment_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cohort_audit_log" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"cohort_id" uuid,
	"actor_id" uuid NOT NULL,
	"action" text NOT NULL,
	"subject" text NOT NULL,
	"details" jsonb NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "cohort_assignment_attempts" ADD CONSTRAINT "cohort_assignment_attempts_attempt_id_exam_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."exam_attempts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cohort_assignment_attempts" ADD CONSTRAINT "cohort_assignment_attempts_assignment_id_cohort_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."cohort_assignments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cohort_assignment_attempts" ADD CONSTRAINT "cohort_assignment_attempts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cohort_audit_log" ADD CONSTRAINT "cohort_audit_log_cohort_id_cohorts_id_fk" FOREIGN KEY ("cohort_id") REFERENCES "public"."cohorts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cohort_audit_log" ADD CONSTRAINT "cohort_audit_log_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cohort_assignment_attempts_assignment_user_idx" ON "cohort_assignment_attempts" USING btree ("assignment_id","user_id");--> statement-breakpoint
CREATE INDEX "cohort_audit_log_cohort_at_idx" ON "cohort_audit_log" USING btree ("cohort_id","at");