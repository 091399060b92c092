DROP INDEX "records_search_idx";--> statement-breakpoint
ALTER TABLE "records" ADD COLUMN "search_vector" "tsvector" DEFAULT ''::tsvector NOT NULL;--> statement-breakpoint
CREATE INDEX "records_search_vector_idx" ON "records" USING gin ("search_vector");