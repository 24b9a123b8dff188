CREATE TABLE "exam_lab_clouds" (
	"attempt_id" uuid PRIMARY KEY NOT NULL,
	"snapshot" jsonb NOT NULL,
	"command_log" jsonb NOT NULL,
	"transcript" jsonb NOT NULL,
	"revision" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "exam_attempt_items" ADD COLUMN "lab_version_id" text;--> statement-breakpoint
ALTER TABLE "exam_lab_clouds" ADD CONSTRAINT "exam_lab_clouds_attempt_id_exam_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."exam_attempts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_attempt_items" ADD CONSTRAINT "exam_attempt_items_lab_version_id_lab_versions_id_fk" FOREIGN KEY ("lab_version_id") REFERENCES "public"."lab_versions"("id") ON DELETE no action ON UPDATE no action;