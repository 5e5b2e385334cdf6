ALTER TABLE "report_periods" ADD COLUMN "closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "report_periods" ADD COLUMN "closed_by" uuid;--> statement-breakpoint
ALTER TABLE "supervision_items" ADD COLUMN "closed_by" uuid;--> statement-breakpoint
ALTER TABLE "supervision_items" ADD COLUMN "close_comment" text;--> statement-breakpoint
ALTER TABLE "report_periods" ADD CONSTRAINT "report_periods_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_items" ADD CONSTRAINT "supervision_items_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;