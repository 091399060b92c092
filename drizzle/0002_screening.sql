CREATE TYPE "public"."full_text_status" AS ENUM('sought', 'retrieved', 'not_retrieved');--> statement-breakpoint
CREATE TYPE "public"."screening_decision" AS ENUM('include', 'exclude', 'maybe');--> statement-breakpoint
CREATE TYPE "public"."screening_stage" AS ENUM('title_abstract', 'full_text');--> statement-breakpoint
CREATE TABLE "conflict_resolutions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"record_id" uuid NOT NULL,
	"stage" "screening_stage" NOT NULL,
	"decision" "screening_decision" NOT NULL,
	"reason" text,
	"rationale" text NOT NULL,
	"consensus" boolean DEFAULT false NOT NULL,
	"resolved_by" uuid NOT NULL,
	"resolved_at" timestamp with time zone DEFAULT now() NOT NULL,
	"superseded_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "full_text_files" (
	"record_id" uuid PRIMARY KEY NOT NULL,
	"content_type" text DEFAULT 'application/pdf' NOT NULL,
	"bytes" "bytea" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "full_texts" (
	"record_id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"status" "full_text_status" DEFAULT 'sought' NOT NULL,
	"not_retrieved_reason" text,
	"link" text,
	"file_name" text,
	"file_size" integer,
	"file_sha256" text,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "screening_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"record_id" uuid NOT NULL,
	"stage" "screening_stage" NOT NULL,
	"reviewer_id" uuid NOT NULL,
	"decision" "screening_decision" NOT NULL,
	"reason" text,
	"note" text DEFAULT '' NOT NULL,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "screening_settings" (
	"project_id" uuid PRIMARY KEY NOT NULL,
	"reviewers_per_record" integer DEFAULT 2 NOT NULL,
	"screener_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"inclusion_criteria" text DEFAULT '' NOT NULL,
	"exclusion_criteria" text DEFAULT '' NOT NULL,
	"full_text_reasons" jsonb DEFAULT '["Wrong population","Wrong comparison (not patients vs healthy controls)","Wrong imaging modality or analysis","ROI-only results","No whole-brain coordinates","n < 10 per group","Duplicate data","Not original research"]'::jsonb NOT NULL,
	"include_terms" text[] DEFAULT '{}'::text[] NOT NULL,
	"exclude_terms" text[] DEFAULT '{}'::text[] NOT NULL,
	"prioritise" boolean DEFAULT true NOT NULL,
	"stopping_rule" jsonb DEFAULT '{"kind":"none","n":0,"rationale":""}'::jsonb NOT NULL,
	"unblinded" boolean DEFAULT false NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "conflict_resolutions" ADD CONSTRAINT "conflict_resolutions_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conflict_resolutions" ADD CONSTRAINT "conflict_resolutions_record_id_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."records"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conflict_resolutions" ADD CONSTRAINT "conflict_resolutions_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "full_text_files" ADD CONSTRAINT "full_text_files_record_id_full_texts_record_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."full_texts"("record_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "full_texts" ADD CONSTRAINT "full_texts_record_id_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."records"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "full_texts" ADD CONSTRAINT "full_texts_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "full_texts" ADD CONSTRAINT "full_texts_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "screening_decisions" ADD CONSTRAINT "screening_decisions_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "screening_decisions" ADD CONSTRAINT "screening_decisions_record_id_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."records"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "screening_decisions" ADD CONSTRAINT "screening_decisions_reviewer_id_users_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "screening_settings" ADD CONSTRAINT "screening_settings_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "screening_settings" ADD CONSTRAINT "screening_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "conflict_resolutions_current_uq" ON "conflict_resolutions" USING btree ("record_id","stage") WHERE superseded_at is null;--> statement-breakpoint
CREATE INDEX "conflict_resolutions_project_idx" ON "conflict_resolutions" USING btree ("project_id","stage");--> statement-breakpoint
CREATE INDEX "full_texts_project_idx" ON "full_texts" USING btree ("project_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "screening_decisions_uq" ON "screening_decisions" USING btree ("record_id","stage","reviewer_id");--> statement-breakpoint
CREATE INDEX "screening_decisions_project_stage_idx" ON "screening_decisions" USING btree ("project_id","stage","reviewer_id","decided_at");--> statement-breakpoint
CREATE INDEX "duplicate_pairs_other_idx" ON "duplicate_pairs" USING btree ("other_id");--> statement-breakpoint
CREATE INDEX "records_search_idx" ON "records" USING gin (to_tsvector('simple', "search_text"));--> statement-breakpoint
CREATE INDEX "records_project_year_idx" ON "records" USING btree ("project_id","year");