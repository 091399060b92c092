DROP INDEX "records_project_idx";--> statement-breakpoint
DROP INDEX "records_source_idx";--> statement-breakpoint
DROP INDEX "records_project_doi_idx";--> statement-breakpoint
DROP INDEX "records_project_pmid_idx";--> statement-breakpoint
DROP INDEX "records_duplicate_of_idx";--> statement-breakpoint
CREATE INDEX "records_project_doi_idx" ON "records" USING btree ("project_id","doi") WHERE "records"."doi" is not null;--> statement-breakpoint
CREATE INDEX "records_project_pmid_idx" ON "records" USING btree ("project_id","pmid") WHERE "records"."pmid" is not null;--> statement-breakpoint
CREATE INDEX "records_duplicate_of_idx" ON "records" USING btree ("duplicate_of") WHERE "records"."duplicate_of" is not null;