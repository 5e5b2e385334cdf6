CREATE TABLE "water_agreements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"pair_id" uuid NOT NULL,
	"name" text NOT NULL,
	"upstream_party" text NOT NULL,
	"downstream_party" text NOT NULL,
	"from_year" integer NOT NULL,
	"to_year" integer NOT NULL,
	"upstream_amount" numeric(14, 4) NOT NULL,
	"downstream_amount" numeric(14, 4) NOT NULL,
	"rule" jsonb NOT NULL,
	"section_ids" uuid[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	CONSTRAINT "water_agreements_years_ck" CHECK ("water_agreements"."to_year" >= "water_agreements"."from_year")
);
--> statement-breakpoint
CREATE TABLE "water_samples" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"pair_id" uuid NOT NULL,
	"section_id" uuid NOT NULL,
	"sampled_at" text NOT NULL,
	"sampled_on" date NOT NULL,
	"values" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
CREATE TABLE "water_section_units" (
	"section_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	CONSTRAINT "water_section_units_section_id_unit_id_pk" PRIMARY KEY("section_id","unit_id")
);
--> statement-breakpoint
CREATE TABLE "water_sections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"pair_id" uuid NOT NULL,
	"city_id" uuid NOT NULL,
	"county_unit_id" uuid,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"river" text NOT NULL,
	"longitude" numeric(10, 6),
	"latitude" numeric(9, 6),
	"water_body" text DEFAULT 'river' NOT NULL,
	"target_class" integer DEFAULT 3 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	CONSTRAINT "water_sections_body_ck" CHECK ("water_sections"."water_body" in ('river','lake')),
	CONSTRAINT "water_sections_target_ck" CHECK ("water_sections"."target_class" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "water_warnings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"pair_id" uuid NOT NULL,
	"section_id" uuid NOT NULL,
	"key" text NOT NULL,
	"kind" text NOT NULL,
	"item" text NOT NULL,
	"year" integer NOT NULL,
	"sampled_at" text,
	"months" text[],
	"message" text NOT NULL,
	"raised_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "water_agreements" ADD CONSTRAINT "water_agreements_pair_id_pairs_id_fk" FOREIGN KEY ("pair_id") REFERENCES "public"."pairs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "water_samples" ADD CONSTRAINT "water_samples_pair_id_pairs_id_fk" FOREIGN KEY ("pair_id") REFERENCES "public"."pairs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "water_samples" ADD CONSTRAINT "water_samples_section_id_water_sections_id_fk" FOREIGN KEY ("section_id") REFERENCES "public"."water_sections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "water_section_units" ADD CONSTRAINT "water_section_units_section_id_water_sections_id_fk" FOREIGN KEY ("section_id") REFERENCES "public"."water_sections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "water_section_units" ADD CONSTRAINT "water_section_units_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "water_sections" ADD CONSTRAINT "water_sections_pair_id_pairs_id_fk" FOREIGN KEY ("pair_id") REFERENCES "public"."pairs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "water_sections" ADD CONSTRAINT "water_sections_city_id_cities_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."cities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "water_sections" ADD CONSTRAINT "water_sections_county_unit_id_units_id_fk" FOREIGN KEY ("county_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "water_warnings" ADD CONSTRAINT "water_warnings_pair_id_pairs_id_fk" FOREIGN KEY ("pair_id") REFERENCES "public"."pairs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "water_warnings" ADD CONSTRAINT "water_warnings_section_id_water_sections_id_fk" FOREIGN KEY ("section_id") REFERENCES "public"."water_sections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "water_agreements_pair_idx" ON "water_agreements" USING btree ("pair_id","from_year");--> statement-breakpoint
CREATE UNIQUE INDEX "water_samples_section_time_uq" ON "water_samples" USING btree ("section_id","sampled_at");--> statement-breakpoint
CREATE INDEX "water_samples_section_day_idx" ON "water_samples" USING btree ("section_id","sampled_on");--> statement-breakpoint
CREATE INDEX "water_section_units_unit_idx" ON "water_section_units" USING btree ("unit_id","section_id");--> statement-breakpoint
CREATE UNIQUE INDEX "water_sections_code_uq" ON "water_sections" USING btree ("pair_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "water_sections_name_uq" ON "water_sections" USING btree ("pair_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "water_warnings_key_uq" ON "water_warnings" USING btree ("key");--> statement-breakpoint
CREATE INDEX "water_warnings_section_idx" ON "water_warnings" USING btree ("section_id","year","raised_at");