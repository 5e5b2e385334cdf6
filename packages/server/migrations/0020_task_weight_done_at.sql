ALTER TABLE "tasks" ADD COLUMN "weight" numeric(6, 2) DEFAULT '1' NOT NULL;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "done_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_weight_ck" CHECK ("tasks"."weight" > 0 and "tasks"."weight" <= 100);--> statement-breakpoint
-- Tasks already done: their last change is the best date there is for when they were done.
UPDATE "tasks" SET "done_at" = "updated_at" WHERE "status" = 'done';
