CREATE TABLE "registry_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"record_id" uuid NOT NULL,
	"action" text NOT NULL,
	"from_stage" text,
	"to_stage" text,
	"on" date,
	"reason" text,
	"actor_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "registry_options" (
	"pair_id" uuid NOT NULL,
	"list" text NOT NULL,
	"items" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "registry_options_pair_id_list_pk" PRIMARY KEY("pair_id","list")
);
--> statement-breakpoint
CREATE TABLE "registry_record_units" (
	"record_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	CONSTRAINT "registry_record_units_record_id_unit_id_pk" PRIMARY KEY("record_id","unit_id")
);
--> statement-breakpoint
CREATE TABLE "registry_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"pair_id" uuid NOT NULL,
	"type" text NOT NULL,
	"unit_id" uuid NOT NULL,
	"city_id" uuid NOT NULL,
	"title" text NOT NULL,
	"occurred_on" date,
	"location_code" text,
	"stage" text,
	"data" jsonb NOT NULL,
	"article_nos" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "rollup_definitions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"pair_id" uuid NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"unit_of_measure" text NOT NULL,
	"article_no" text,
	"registry_type" text NOT NULL,
	"aggregate" text NOT NULL,
	"field" text,
	"filters" jsonb NOT NULL,
	"period" text NOT NULL,
	"period_field" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rollup_definitions_aggregate_ck" CHECK ("rollup_definitions"."aggregate" in ('count','sum','countDistinct')),
	CONSTRAINT "rollup_definitions_period_ck" CHECK ("rollup_definitions"."period" in ('year','all'))
);
--> statement-breakpoint
CREATE TABLE "rollup_distinct" (
	"definition_id" uuid NOT NULL,
	"period" text NOT NULL,
	"value_key" text NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "rollup_distinct_definition_id_period_value_key_pk" PRIMARY KEY("definition_id","period","value_key")
);
--> statement-breakpoint
CREATE TABLE "rollup_values" (
	"definition_id" uuid NOT NULL,
	"period" text NOT NULL,
	"value" numeric(24, 4) NOT NULL,
	CONSTRAINT "rollup_values_definition_id_period_pk" PRIMARY KEY("definition_id","period")
);
--> statement-breakpoint
ALTER TABLE "attachments" DROP CONSTRAINT "attachments_owner_type_ck";--> statement-breakpoint
ALTER TABLE "task_indicators" ADD COLUMN "rollup_id" uuid;--> statement-breakpoint
ALTER TABLE "registry_events" ADD CONSTRAINT "registry_events_record_id_registry_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."registry_records"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry_options" ADD CONSTRAINT "registry_options_pair_id_pairs_id_fk" FOREIGN KEY ("pair_id") REFERENCES "public"."pairs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry_record_units" ADD CONSTRAINT "registry_record_units_record_id_registry_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."registry_records"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry_record_units" ADD CONSTRAINT "registry_record_units_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry_records" ADD CONSTRAINT "registry_records_pair_id_pairs_id_fk" FOREIGN KEY ("pair_id") REFERENCES "public"."pairs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry_records" ADD CONSTRAINT "registry_records_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rollup_definitions" ADD CONSTRAINT "rollup_definitions_pair_id_pairs_id_fk" FOREIGN KEY ("pair_id") REFERENCES "public"."pairs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rollup_distinct" ADD CONSTRAINT "rollup_distinct_definition_id_rollup_definitions_id_fk" FOREIGN KEY ("definition_id") REFERENCES "public"."rollup_definitions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rollup_values" ADD CONSTRAINT "rollup_values_definition_id_rollup_definitions_id_fk" FOREIGN KEY ("definition_id") REFERENCES "public"."rollup_definitions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "registry_events_record_idx" ON "registry_events" USING btree ("record_id","at");--> statement-breakpoint
CREATE INDEX "registry_record_units_unit_idx" ON "registry_record_units" USING btree ("unit_id","record_id");--> statement-breakpoint
CREATE INDEX "registry_records_list_idx" ON "registry_records" USING btree ("pair_id","type","occurred_on" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "registry_records_unit_idx" ON "registry_records" USING btree ("unit_id","type");--> statement-breakpoint
CREATE INDEX "registry_records_location_idx" ON "registry_records" USING btree ("pair_id","type","location_code");--> statement-breakpoint
CREATE INDEX "registry_records_data_idx" ON "registry_records" USING gin ("data" jsonb_path_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "rollup_definitions_key_idx" ON "rollup_definitions" USING btree ("pair_id","key");--> statement-breakpoint
CREATE INDEX "rollup_definitions_type_idx" ON "rollup_definitions" USING btree ("pair_id","registry_type");--> statement-breakpoint
CREATE INDEX "task_indicators_rollup_idx" ON "task_indicators" USING btree ("rollup_id");--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_owner_type_ck" CHECK ("attachments"."owner_type" in ('task','report','supervision','registry_record'));