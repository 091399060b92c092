DROP INDEX "records_search_vector_idx";--> statement-breakpoint
ALTER TABLE "records" DROP COLUMN "search_text";--> statement-breakpoint
ALTER TABLE "records" DROP COLUMN "search_vector";