CREATE TABLE "lab_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"lab_id" text NOT NULL,
	"lab_version_id" text NOT NULL,
	"status" text NOT NULL,
	"snapshot" jsonb NOT NULL,
	"command_log" jsonb NOT NULL,
	"transcript" jsonb NOT NULL,
	"hints_shown" integer DEFAULT 0 NOT NULL,
	"grade" jsonb,
	"score" double precision,
	"revision" integer DEFAULT 0 NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submitted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "lab_versions" (
	"id" text PRIMARY KEY NOT NULL,
	"lab_id" text NOT NULL,
	"version" integer NOT NULL,
	"body" jsonb NOT NULL,
	"content_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lab_versions_lab_version_key" UNIQUE("lab_id","version")
);
--> statement-breakpoint
CREATE TABLE "labs" (
	"id" text PRIMARY KEY NOT NULL,
	"current_version_id" text NOT NULL,
	"topic" text NOT NULL,
	"difficulty" text NOT NULL,
	"title" text NOT NULL,
	"points" integer NOT NULL,
	"estimate_minutes" integer NOT NULL,
	"tags" text[] NOT NULL,
	"source_file" text NOT NULL,
	"content_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "lab_sessions" ADD CONSTRAINT "lab_sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lab_sessions" ADD CONSTRAINT "lab_sessions_lab_id_labs_id_fk" FOREIGN KEY ("lab_id") REFERENCES "public"."labs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lab_sessions" ADD CONSTRAINT "lab_sessions_lab_version_id_lab_versions_id_fk" FOREIGN KEY ("lab_version_id") REFERENCES "public"."lab_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "labs" ADD CONSTRAINT "labs_current_version_id_lab_versions_id_fk" FOREIGN KEY ("current_version_id") REFERENCES "public"."lab_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "lab_sessions_user_lab_idx" ON "lab_sessions" USING btree ("user_id","lab_id","started_at");--> statement-breakpoint
CREATE INDEX "labs_topic_idx" ON "labs" USING btree ("topic");