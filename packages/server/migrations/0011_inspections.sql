CREATE TABLE "inspection_draw_inputs" (
	"plan_id" uuid PRIMARY KEY NOT NULL,
	"entities" text NOT NULL,
	"inspectors" text NOT NULL,
	"previous_inspections" text NOT NULL,
	"result" jsonb
);
--> statement-breakpoint
CREATE TABLE "inspection_entities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" integer GENERATED ALWAYS AS IDENTITY (sequence name "inspection_entities_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"pair_id" uuid NOT NULL,
	"city_id" uuid NOT NULL,
	"credit_code" text NOT NULL,
	"name" text NOT NULL,
	"credit_grade" text NOT NULL,
	"industry" text NOT NULL,
	"location" text NOT NULL,
	"related_unit_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
CREATE TABLE "inspection_inspectors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"pair_id" uuid NOT NULL,
	"city_id" uuid NOT NULL,
	"badge_no" text NOT NULL,
	"name" text NOT NULL,
	"unit_id" uuid NOT NULL,
	"qualifications" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"conflicts" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"user_id" uuid,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
CREATE TABLE "inspection_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"pair_id" uuid NOT NULL,
	"city_id" uuid NOT NULL,
	"title" text NOT NULL,
	"scope" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"grades" jsonb NOT NULL,
	"ratios_percent" jsonb NOT NULL,
	"team_size" integer NOT NULL,
	"required_qualification" text,
	"previous_plan_id" uuid,
	"status" text DEFAULT 'draft' NOT NULL,
	"fixed_value" text,
	"fixed_value_hash" text,
	"fixed_value_source" text,
	"entities_digest" text,
	"inspectors_digest" text,
	"previous_inspections_digest" text,
	"seed" text,
	"entity_count" integer,
	"inspector_count" integer,
	"fixed_at" timestamp with time zone,
	"drawn_at" timestamp with time zone,
	"published_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	CONSTRAINT "inspection_plans_status_ck" CHECK ("inspection_plans"."status" in ('draft','fixed','drawn','published')),
	CONSTRAINT "inspection_plans_team_ck" CHECK ("inspection_plans"."team_size" >= 2)
);
--> statement-breakpoint
CREATE TABLE "inspection_team_members" (
	"inspection_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"inspector_id" uuid NOT NULL,
	CONSTRAINT "inspection_team_members_inspection_id_position_pk" PRIMARY KEY("inspection_id","position")
);
--> statement-breakpoint
CREATE TABLE "inspections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"entity_id" text NOT NULL,
	"credit_code" text NOT NULL,
	"entity_name" text NOT NULL,
	"credit_grade" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"outcome" text,
	"findings" text DEFAULT '' NOT NULL,
	"inspected_on" date,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone,
	CONSTRAINT "inspections_status_ck" CHECK ("inspections"."status" in ('pending','done'))
);
--> statement-breakpoint
ALTER TABLE "inspection_draw_inputs" ADD CONSTRAINT "inspection_draw_inputs_plan_id_inspection_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."inspection_plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_entities" ADD CONSTRAINT "inspection_entities_pair_id_pairs_id_fk" FOREIGN KEY ("pair_id") REFERENCES "public"."pairs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_entities" ADD CONSTRAINT "inspection_entities_city_id_cities_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."cities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_inspectors" ADD CONSTRAINT "inspection_inspectors_pair_id_pairs_id_fk" FOREIGN KEY ("pair_id") REFERENCES "public"."pairs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_inspectors" ADD CONSTRAINT "inspection_inspectors_city_id_cities_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."cities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_inspectors" ADD CONSTRAINT "inspection_inspectors_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_inspectors" ADD CONSTRAINT "inspection_inspectors_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_plans" ADD CONSTRAINT "inspection_plans_pair_id_pairs_id_fk" FOREIGN KEY ("pair_id") REFERENCES "public"."pairs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_plans" ADD CONSTRAINT "inspection_plans_city_id_cities_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."cities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_team_members" ADD CONSTRAINT "inspection_team_members_inspection_id_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_team_members" ADD CONSTRAINT "inspection_team_members_inspector_id_inspection_inspectors_id_fk" FOREIGN KEY ("inspector_id") REFERENCES "public"."inspection_inspectors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_plan_id_inspection_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."inspection_plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "inspection_entities_code_uq" ON "inspection_entities" USING btree ("pair_id","city_id","credit_code");--> statement-breakpoint
CREATE UNIQUE INDEX "inspection_inspectors_badge_uq" ON "inspection_inspectors" USING btree ("pair_id","city_id","badge_no");--> statement-breakpoint
CREATE INDEX "inspection_inspectors_user_idx" ON "inspection_inspectors" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "inspection_plans_pair_idx" ON "inspection_plans" USING btree ("pair_id","created_at" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "inspection_team_members_inspector_idx" ON "inspection_team_members" USING btree ("inspector_id");--> statement-breakpoint
CREATE UNIQUE INDEX "inspections_plan_position_uq" ON "inspections" USING btree ("plan_id","position");