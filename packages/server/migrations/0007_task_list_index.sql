DROP INDEX "tasks_pair_due_idx";--> statement-breakpoint
CREATE INDEX "tasks_pair_list_idx" ON "tasks" USING btree ("pair_id","due_on","created_at" DESC NULLS LAST,"id");