CREATE TABLE "blueprints" (
	"id" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"duration_minutes" integer NOT NULL,
	"pass_mark" double precision NOT NULL,
	"shuffle" boolean NOT NULL,
	"sections" jsonb NOT NULL,
	"intro" text NOT NULL,
	"source_file" text NOT NULL,
	"content_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "cards" (
	"id" text PRIMARY KEY NOT NULL,
	"topic" text NOT NULL,
	"tags" text[] NOT NULL,
	"front" text NOT NULL,
	"back" text NOT NULL,
	"note_id" text,
	"deck_id" text,
	"source_file" text NOT NULL,
	"content_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "content_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"status" text NOT NULL,
	"source_dir" text NOT NULL,
	"counts" jsonb NOT NULL,
	"diagnostics" jsonb NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "decks" (
	"id" text PRIMARY KEY NOT NULL,
	"topic" text NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"source_file" text NOT NULL,
	"content_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "notes" (
	"id" text PRIMARY KEY NOT NULL,
	"topic" text NOT NULL,
	"title" text NOT NULL,
	"sort_order" double precision NOT NULL,
	"summary" text NOT NULL,
	"prerequisites" text[] NOT NULL,
	"body" text NOT NULL,
	"toc" jsonb NOT NULL,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english', "title"), 'A') || setweight(to_tsvector('english', "summary"), 'B') || setweight(to_tsvector('english', "body"), 'C')) STORED,
	"source_file" text NOT NULL,
	"content_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "question_versions" (
	"id" text PRIMARY KEY NOT NULL,
	"question_id" text NOT NULL,
	"version" integer NOT NULL,
	"kind" text NOT NULL,
	"topic" text NOT NULL,
	"difficulty" text NOT NULL,
	"tags" text[] NOT NULL,
	"note_ids" text[] NOT NULL,
	"stem" text NOT NULL,
	"explanation" text NOT NULL,
	"body" jsonb NOT NULL,
	"content_hash" text NOT NULL,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english', "stem"), 'A') || setweight(to_tsvector('english', "explanation"), 'B')) STORED,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "question_versions_question_version_key" UNIQUE("question_id","version")
);
--> statement-breakpoint
CREATE TABLE "questions" (
	"id" text PRIMARY KEY NOT NULL,
	"current_version_id" text NOT NULL,
	"kind" text NOT NULL,
	"topic" text NOT NULL,
	"difficulty" text NOT NULL,
	"tags" text[] NOT NULL,
	"note_ids" text[] NOT NULL,
	"source_file" text NOT NULL,
	"content_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "cards" ADD CONSTRAINT "cards_note_id_notes_id_fk" FOREIGN KEY ("note_id") REFERENCES "public"."notes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cards" ADD CONSTRAINT "cards_deck_id_decks_id_fk" FOREIGN KEY ("deck_id") REFERENCES "public"."decks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questions" ADD CONSTRAINT "questions_current_version_id_question_versions_id_fk" FOREIGN KEY ("current_version_id") REFERENCES "public"."question_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cards_topic_idx" ON "cards" USING btree ("topic");--> statement-breakpoint
CREATE INDEX "notes_topic_idx" ON "notes" USING btree ("topic","sort_order");--> statement-breakpoint
CREATE INDEX "notes_search_idx" ON "notes" USING gin ("search");--> statement-breakpoint
CREATE INDEX "question_versions_search_idx" ON "question_versions" USING gin ("search");--> statement-breakpoint
CREATE INDEX "questions_topic_difficulty_idx" ON "questions" USING btree ("topic","difficulty");--> statement-breakpoint
CREATE INDEX "questions_tags_idx" ON "questions" USING gin ("tags");