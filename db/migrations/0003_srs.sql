CREATE TABLE "srs_card_states" (
	"user_id" uuid NOT NULL,
	"card_id" text NOT NULL,
	"source" text NOT NULL,
	"topic" text,
	"topic_rank" integer NOT NULL,
	"position" double precision NOT NULL,
	"sibling_key" text,
	"prioritized_at" timestamp with time zone,
	"state" text NOT NULL,
	"due" timestamp with time zone NOT NULL,
	"stability" double precision NOT NULL,
	"difficulty" double precision NOT NULL,
	"elapsed_days" integer NOT NULL,
	"scheduled_days" integer NOT NULL,
	"learning_steps" integer NOT NULL,
	"reps" integer NOT NULL,
	"lapses" integer NOT NULL,
	"last_review" timestamp with time zone,
	"suspended" boolean DEFAULT false NOT NULL,
	"buried_until" timestamp with time zone,
	"leech" boolean DEFAULT false NOT NULL,
	"retired" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "srs_card_states_pkey" PRIMARY KEY("user_id","card_id")
);
--> statement-breakpoint
CREATE TABLE "srs_personal_cards" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"deck_id" uuid,
	"question_id" text,
	"topic" text,
	"front" text NOT NULL,
	"back" text NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "srs_personal_cards_user_question_key" UNIQUE("user_id","question_id")
);
--> statement-breakpoint
CREATE TABLE "srs_personal_decks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"title" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "srs_review_logs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"card_id" text NOT NULL,
	"rating" smallint NOT NULL,
	"kind" text NOT NULL,
	"reviewed_at" timestamp with time zone NOT NULL,
	"duration_ms" integer NOT NULL,
	"sibling_key" text,
	"previous_state" text NOT NULL,
	"previous_scheduled_days" integer NOT NULL,
	"state_before" jsonb NOT NULL,
	"state_after" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "srs_settings" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"settings" jsonb NOT NULL,
	"parameters_optimized_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "srs_card_states" ADD CONSTRAINT "srs_card_states_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "srs_personal_cards" ADD CONSTRAINT "srs_personal_cards_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "srs_personal_cards" ADD CONSTRAINT "srs_personal_cards_deck_id_srs_personal_decks_id_fk" FOREIGN KEY ("deck_id") REFERENCES "public"."srs_personal_decks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "srs_personal_decks" ADD CONSTRAINT "srs_personal_decks_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "srs_review_logs" ADD CONSTRAINT "srs_review_logs_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "srs_settings" ADD CONSTRAINT "srs_settings_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "srs_card_states_due_idx" ON "srs_card_states" USING btree ("user_id","due") WHERE "srs_card_states"."state" <> 'new';--> statement-breakpoint
CREATE INDEX "srs_card_states_new_idx" ON "srs_card_states" USING btree ("user_id","prioritized_at","topic_rank","position","card_id") WHERE "srs_card_states"."state" = 'new';--> statement-breakpoint
CREATE INDEX "srs_card_states_topic_idx" ON "srs_card_states" USING btree ("user_id","topic");--> statement-breakpoint
CREATE INDEX "srs_personal_cards_deck_idx" ON "srs_personal_cards" USING btree ("user_id","deck_id");--> statement-breakpoint
CREATE INDEX "srs_personal_decks_user_idx" ON "srs_personal_decks" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "srs_review_logs_user_time_idx" ON "srs_review_logs" USING btree ("user_id","reviewed_at");--> statement-breakpoint
CREATE INDEX "srs_review_logs_user_card_idx" ON "srs_review_logs" USING btree ("user_id","card_id","reviewed_at");