CREATE TYPE "public"."duplicate_pair_status" AS ENUM('pending', 'merged', 'not_duplicate');--> statement-breakpoint
CREATE TYPE "public"."record_removal_reason" AS ENUM('duplicate', 'automation', 'other');--> statement-breakpoint
CREATE TYPE "public"."search_source_kind" AS ENUM('database', 'register', 'website', 'organisation', 'citation_search', 'other');--> statement-breakpoint
CREATE TABLE "duplicate_pairs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"kept_id" uuid NOT NULL,
	"other_id" uuid NOT NULL,
	"score" real NOT NULL,
	"evidence" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"auto" boolean DEFAULT false NOT NULL,
	"status" "duplicate_pair_status" DEFAULT 'pending' NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"source_id" uuid NOT NULL,
	"source_index" integer NOT NULL,
	"source_record_id" text,
	"type" text DEFAULT 'article' NOT NULL,
	"title" text,
	"other_titles" text[] DEFAULT '{}'::text[] NOT NULL,
	"abstract" text,
	"authors" text[] DEFAULT '{}'::text[] NOT NULL,
	"year" integer,
	"journal" text,
	"volume" text,
	"issue" text,
	"pages" text,
	"doi" text,
	"pmid" text,
	"keywords" text[] DEFAULT '{}'::text[] NOT NULL,
	"language" text,
	"url" text,
	"raw" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"duplicate_of" uuid,
	"removal_reason" "record_removal_reason",
	"search_text" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "search_sources" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"kind" "search_source_kind" DEFAULT 'database' NOT NULL,
	"name" text NOT NULL,
	"search_date" date,
	"query" text DEFAULT '' NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"file_name" text,
	"file_sha256" text,
	"format" text,
	"record_count" integer DEFAULT 0 NOT NULL,
	"warnings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"imported_by" uuid,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "duplicate_pairs" ADD CONSTRAINT "duplicate_pairs_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duplicate_pairs" ADD CONSTRAINT "duplicate_pairs_kept_id_records_id_fk" FOREIGN KEY ("kept_id") REFERENCES "public"."records"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duplicate_pairs" ADD CONSTRAINT "duplicate_pairs_other_id_records_id_fk" FOREIGN KEY ("other_id") REFERENCES "public"."records"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "duplicate_pairs" ADD CONSTRAINT "duplicate_pairs_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "records" ADD CONSTRAINT "records_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "records" ADD CONSTRAINT "records_source_id_search_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."search_sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "search_sources" ADD CONSTRAINT "search_sources_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "search_sources" ADD CONSTRAINT "search_sources_imported_by_users_id_fk" FOREIGN KEY ("imported_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "duplicate_pairs_project_status_idx" ON "duplicate_pairs" USING btree ("project_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "duplicate_pairs_uq" ON "duplicate_pairs" USING btree ("kept_id","other_id");--> statement-breakpoint
CREATE INDEX "records_project_idx" ON "records" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "records_source_idx" ON "records" USING btree ("source_id");--> statement-breakpoint
CREATE INDEX "records_project_doi_idx" ON "records" USING btree ("project_id","doi");--> statement-breakpoint
CREATE INDEX "records_project_pmid_idx" ON "records" USING btree ("project_id","pmid");--> statement-breakpoint
CREATE INDEX "records_duplicate_of_idx" ON "records" USING btree ("duplicate_of");--> statement-breakpoint
CREATE UNIQUE INDEX "records_source_index_uq" ON "records" USING btree ("source_id","source_index");--> statement-breakpoint
CREATE INDEX "search_sources_project_idx" ON "search_sources" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "search_sources_sha_idx" ON "search_sources" USING btree ("project_id","file_sha256");