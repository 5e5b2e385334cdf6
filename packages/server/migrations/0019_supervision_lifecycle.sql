CREATE TABLE "leader_instructions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"pair_id" uuid NOT NULL,
	"city_id" uuid NOT NULL,
	"leader_name" text NOT NULL,
	"content" text NOT NULL,
	"instructed_on" date NOT NULL,
	"document_title" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
CREATE TABLE "score_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"rule_set_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"on_date" date NOT NULL,
	"category" text NOT NULL,
	"rule_key" text NOT NULL,
	"points" numeric(10, 2) NOT NULL,
	"source_type" text NOT NULL,
	"source_id" uuid NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"link" text
);
--> statement-breakpoint
CREATE TABLE "scoring_rule_sets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"pair_id" uuid NOT NULL,
	"city_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"rules" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
CREATE TABLE "supervision_bulletins" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"pair_id" uuid NOT NULL,
	"city_id" uuid NOT NULL,
	"title" text NOT NULL,
	"issue_number" integer NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"figures" jsonb NOT NULL,
	"published_at" timestamp with time zone,
	"published_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	CONSTRAINT "supervision_bulletins_status_ck" CHECK ("supervision_bulletins"."status" in ('draft','published')),
	CONSTRAINT "supervision_bulletins_period_ck" CHECK ("supervision_bulletins"."period_from" <= "supervision_bulletins"."period_to")
);
--> statement-breakpoint
CREATE TABLE "supervision_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"item_id" uuid NOT NULL,
	"pair_id" uuid NOT NULL,
	"city_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"on_date" date NOT NULL,
	"actor_id" uuid,
	"note" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"dedupe_key" text,
	CONSTRAINT "supervision_events_kind_ck" CHECK ("supervision_events"."kind" in ('assigned','signed','progress','extension_requested','extension_approved','extension_refused','completion_requested','closed','returned','chased','updated','sign_reminded','sign_escalated','due_reminded','overdue'))
);
--> statement-breakpoint
CREATE TABLE "supervision_extensions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"item_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"from_deadline" date NOT NULL,
	"new_deadline" date NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"requested_by" uuid NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_comment" text,
	CONSTRAINT "supervision_extensions_status_ck" CHECK ("supervision_extensions"."status" in ('pending','approved','refused'))
);
--> statement-breakpoint
CREATE TABLE "supervision_item_units" (
	"item_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	CONSTRAINT "supervision_item_units_item_id_unit_id_pk" PRIMARY KEY("item_id","unit_id")
);
--> statement-breakpoint
CREATE TABLE "supervision_settings" (
	"pair_id" uuid PRIMARY KEY NOT NULL,
	"warn_days" integer DEFAULT 3 NOT NULL,
	"sign_days" integer DEFAULT 2 NOT NULL,
	"escalate_days" integer DEFAULT 2 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "supervision_settings_days_ck" CHECK ("supervision_settings"."warn_days" between 0 and 60 and "supervision_settings"."sign_days" between 1 and 60 and "supervision_settings"."escalate_days" between 1 and 60)
);
--> statement-breakpoint
ALTER TABLE "attachments" DROP CONSTRAINT "attachments_owner_type_ck";--> statement-breakpoint
ALTER TABLE "supervision_items" DROP CONSTRAINT "supervision_status_ck";--> statement-breakpoint
ALTER TABLE "supervision_items" ALTER COLUMN "status" SET DEFAULT 'assigned';--> statement-breakpoint
ALTER TABLE "supervision_items" ADD COLUMN "original_deadline" date;--> statement-breakpoint
UPDATE "supervision_items" SET "original_deadline" = "deadline";--> statement-breakpoint
ALTER TABLE "supervision_items" ALTER COLUMN "original_deadline" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "supervision_items" ADD COLUMN "instruction_id" uuid;--> statement-breakpoint
ALTER TABLE "supervision_items" ADD COLUMN "report_id" uuid;--> statement-breakpoint
ALTER TABLE "supervision_items" ADD COLUMN "inspection_id" uuid;--> statement-breakpoint
ALTER TABLE "supervision_items" ADD COLUMN "signed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "supervision_items" ADD COLUMN "signed_by" uuid;--> statement-breakpoint
ALTER TABLE "supervision_items" ADD COLUMN "overdue_since" date;--> statement-breakpoint
ALTER TABLE "supervision_items" ADD COLUMN "completion_requested_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "supervision_items" ADD COLUMN "completion_result" text;--> statement-breakpoint
ALTER TABLE "supervision_items" ADD COLUMN "completion_attachment_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL;--> statement-breakpoint
ALTER TABLE "supervision_items" ADD COLUMN "extension_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "supervision_items" ADD COLUMN "chase_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "supervision_items" ADD COLUMN "return_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "supervision_items" ADD COLUMN "closed_late" boolean;--> statement-breakpoint
ALTER TABLE "supervision_replies" ADD COLUMN "attachment_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL;--> statement-breakpoint
ALTER TABLE "leader_instructions" ADD CONSTRAINT "leader_instructions_pair_id_pairs_id_fk" FOREIGN KEY ("pair_id") REFERENCES "public"."pairs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leader_instructions" ADD CONSTRAINT "leader_instructions_city_id_cities_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."cities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_entries" ADD CONSTRAINT "score_entries_rule_set_id_scoring_rule_sets_id_fk" FOREIGN KEY ("rule_set_id") REFERENCES "public"."scoring_rule_sets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_entries" ADD CONSTRAINT "score_entries_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scoring_rule_sets" ADD CONSTRAINT "scoring_rule_sets_pair_id_pairs_id_fk" FOREIGN KEY ("pair_id") REFERENCES "public"."pairs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scoring_rule_sets" ADD CONSTRAINT "scoring_rule_sets_city_id_cities_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."cities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_bulletins" ADD CONSTRAINT "supervision_bulletins_pair_id_pairs_id_fk" FOREIGN KEY ("pair_id") REFERENCES "public"."pairs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_bulletins" ADD CONSTRAINT "supervision_bulletins_city_id_cities_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."cities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_events" ADD CONSTRAINT "supervision_events_item_id_supervision_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."supervision_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_extensions" ADD CONSTRAINT "supervision_extensions_item_id_supervision_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."supervision_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_item_units" ADD CONSTRAINT "supervision_item_units_item_id_supervision_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."supervision_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_item_units" ADD CONSTRAINT "supervision_item_units_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_settings" ADD CONSTRAINT "supervision_settings_pair_id_pairs_id_fk" FOREIGN KEY ("pair_id") REFERENCES "public"."pairs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "leader_instructions_city_idx" ON "leader_instructions" USING btree ("city_id","instructed_on");--> statement-breakpoint
CREATE UNIQUE INDEX "score_entries_identity_uq" ON "score_entries" USING btree ("rule_set_id","rule_key","source_type","source_id","unit_id");--> statement-breakpoint
CREATE INDEX "score_entries_unit_idx" ON "score_entries" USING btree ("rule_set_id","unit_id","on_date");--> statement-breakpoint
CREATE UNIQUE INDEX "scoring_rule_sets_city_year_uq" ON "scoring_rule_sets" USING btree ("city_id","year");--> statement-breakpoint
CREATE UNIQUE INDEX "supervision_bulletins_number_uq" ON "supervision_bulletins" USING btree ("city_id","issue_number");--> statement-breakpoint
CREATE INDEX "supervision_bulletins_city_idx" ON "supervision_bulletins" USING btree ("city_id","period_to");--> statement-breakpoint
CREATE INDEX "supervision_events_item_idx" ON "supervision_events" USING btree ("item_id","at");--> statement-breakpoint
CREATE INDEX "supervision_events_city_date_idx" ON "supervision_events" USING btree ("city_id","on_date");--> statement-breakpoint
CREATE INDEX "supervision_events_unit_date_idx" ON "supervision_events" USING btree ("unit_id","on_date");--> statement-breakpoint
CREATE UNIQUE INDEX "supervision_events_dedupe_uq" ON "supervision_events" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "supervision_extensions_item_idx" ON "supervision_extensions" USING btree ("item_id","requested_at");--> statement-breakpoint
CREATE UNIQUE INDEX "supervision_extensions_pending_uq" ON "supervision_extensions" USING btree ("item_id") WHERE "supervision_extensions"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "supervision_item_units_unit_idx" ON "supervision_item_units" USING btree ("unit_id");--> statement-breakpoint
ALTER TABLE "supervision_items" ADD CONSTRAINT "supervision_items_instruction_id_leader_instructions_id_fk" FOREIGN KEY ("instruction_id") REFERENCES "public"."leader_instructions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_items" ADD CONSTRAINT "supervision_items_report_id_progress_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."progress_reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_items" ADD CONSTRAINT "supervision_items_inspection_id_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_items" ADD CONSTRAINT "supervision_items_signed_by_users_id_fk" FOREIGN KEY ("signed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "supervision_instruction_idx" ON "supervision_items" USING btree ("instruction_id");--> statement-breakpoint
CREATE INDEX "supervision_report_idx" ON "supervision_items" USING btree ("report_id");--> statement-breakpoint
CREATE INDEX "supervision_inspection_idx" ON "supervision_items" USING btree ("inspection_id");--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_owner_type_ck" CHECK ("attachments"."owner_type" in ('task','report','supervision','registry_record','instruction'));--> statement-breakpoint
-- Items raised before the lifecycle: open ones await signing, replied ones are being handled
-- (signed when first replied to), an item about a task is sourced from it.
UPDATE "supervision_items" i SET "status" = 'in_progress', "signed_at" = (SELECT min(r."at") FROM "supervision_replies" r WHERE r."item_id" = i."id") WHERE i."status" = 'replied';--> statement-breakpoint
UPDATE "supervision_items" SET "status" = 'assigned' WHERE "status" = 'open';--> statement-breakpoint
UPDATE "supervision_items" SET "source" = 'task' WHERE "source" = 'office' AND "task_id" IS NOT NULL;--> statement-breakpoint
UPDATE "supervision_items" SET "closed_late" = ("closed_at" AT TIME ZONE 'Asia/Shanghai')::date > "deadline" WHERE "status" = 'closed';--> statement-breakpoint
-- Their steps so far, so timelines, bulletins and scores include them.
INSERT INTO "supervision_events" ("item_id", "pair_id", "city_id", "unit_id", "kind", "at", "on_date", "actor_id", "note")
SELECT i."id", i."pair_id", u."city_id", i."unit_id", 'assigned', i."created_at", (i."created_at" AT TIME ZONE 'Asia/Shanghai')::date, i."created_by", i."requirement"
FROM "supervision_items" i JOIN "units" u ON u."id" = i."unit_id";--> statement-breakpoint
INSERT INTO "supervision_events" ("item_id", "pair_id", "city_id", "unit_id", "kind", "at", "on_date", "actor_id", "note")
SELECT r."item_id", i."pair_id", u."city_id", i."unit_id", 'progress', r."at", (r."at" AT TIME ZONE 'Asia/Shanghai')::date, r."author_id", r."body"
FROM "supervision_replies" r JOIN "supervision_items" i ON i."id" = r."item_id" JOIN "units" u ON u."id" = i."unit_id";--> statement-breakpoint
INSERT INTO "supervision_events" ("item_id", "pair_id", "city_id", "unit_id", "kind", "at", "on_date", "actor_id", "note", "data")
SELECT i."id", i."pair_id", u."city_id", i."unit_id", 'closed', i."closed_at", (i."closed_at" AT TIME ZONE 'Asia/Shanghai')::date, i."closed_by", i."close_comment", jsonb_build_object('late', i."closed_late")
FROM "supervision_items" i JOIN "units" u ON u."id" = i."unit_id" WHERE i."status" = 'closed' AND i."closed_at" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "supervision_items" ADD CONSTRAINT "supervision_source_kind_ck" CHECK ("supervision_items"."source" in ('office','task','meeting','instruction','report','inspection'));--> statement-breakpoint
ALTER TABLE "supervision_items" ADD CONSTRAINT "supervision_source_instruction_ck" CHECK ("supervision_items"."source" <> 'instruction' or "supervision_items"."instruction_id" is not null);--> statement-breakpoint
ALTER TABLE "supervision_items" ADD CONSTRAINT "supervision_source_report_ck" CHECK ("supervision_items"."source" <> 'report' or "supervision_items"."report_id" is not null);--> statement-breakpoint
ALTER TABLE "supervision_items" ADD CONSTRAINT "supervision_source_inspection_ck" CHECK ("supervision_items"."source" <> 'inspection' or "supervision_items"."inspection_id" is not null);--> statement-breakpoint
ALTER TABLE "supervision_items" ADD CONSTRAINT "supervision_source_task_ck" CHECK ("supervision_items"."source" <> 'task' or "supervision_items"."task_id" is not null);--> statement-breakpoint
ALTER TABLE "supervision_items" ADD CONSTRAINT "supervision_status_ck" CHECK ("supervision_items"."status" in ('assigned','in_progress','completion_requested','closed'));