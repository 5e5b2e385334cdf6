CREATE TABLE "meeting_agenda_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"link_kind" text,
	"link_id" uuid,
	CONSTRAINT "meeting_agenda_link_ck" CHECK (("meeting_agenda_items"."link_kind" is null) = ("meeting_agenda_items"."link_id" is null))
);
--> statement-breakpoint
CREATE TABLE "meeting_attendees" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"unit_id" uuid NOT NULL,
	"person_name" text,
	"person_title" text
);
--> statement-breakpoint
CREATE TABLE "meeting_chairs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"name" text NOT NULL,
	"title" text NOT NULL,
	"city_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meeting_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"text" text NOT NULL,
	"owner_unit_id" uuid NOT NULL,
	"deadline" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meetings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"pair_id" uuid NOT NULL,
	"title" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"place" text NOT NULL,
	"host_city_id" uuid NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"minutes_html" text DEFAULT '' NOT NULL,
	"held_marked_at" timestamp with time zone,
	"updated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	CONSTRAINT "meetings_status_ck" CHECK ("meetings"."status" in ('planned','held'))
);
--> statement-breakpoint
ALTER TABLE "supervision_items" ADD COLUMN "meeting_id" uuid;--> statement-breakpoint
ALTER TABLE "supervision_items" ADD COLUMN "meeting_decision_id" uuid;--> statement-breakpoint
ALTER TABLE "meeting_agenda_items" ADD CONSTRAINT "meeting_agenda_items_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_attendees" ADD CONSTRAINT "meeting_attendees_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_attendees" ADD CONSTRAINT "meeting_attendees_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_chairs" ADD CONSTRAINT "meeting_chairs_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_chairs" ADD CONSTRAINT "meeting_chairs_city_id_cities_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."cities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_decisions" ADD CONSTRAINT "meeting_decisions_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_decisions" ADD CONSTRAINT "meeting_decisions_owner_unit_id_units_id_fk" FOREIGN KEY ("owner_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_pair_id_pairs_id_fk" FOREIGN KEY ("pair_id") REFERENCES "public"."pairs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_host_city_id_cities_id_fk" FOREIGN KEY ("host_city_id") REFERENCES "public"."cities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "meeting_agenda_meeting_idx" ON "meeting_agenda_items" USING btree ("meeting_id","position");--> statement-breakpoint
CREATE INDEX "meeting_attendees_meeting_idx" ON "meeting_attendees" USING btree ("meeting_id","position");--> statement-breakpoint
CREATE INDEX "meeting_attendees_unit_idx" ON "meeting_attendees" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "meeting_chairs_meeting_idx" ON "meeting_chairs" USING btree ("meeting_id","position");--> statement-breakpoint
CREATE INDEX "meeting_decisions_meeting_idx" ON "meeting_decisions" USING btree ("meeting_id","position");--> statement-breakpoint
CREATE INDEX "meeting_decisions_unit_idx" ON "meeting_decisions" USING btree ("owner_unit_id");--> statement-breakpoint
CREATE INDEX "meetings_pair_starts_idx" ON "meetings" USING btree ("pair_id","starts_at" DESC NULLS LAST,"id");--> statement-breakpoint
ALTER TABLE "supervision_items" ADD CONSTRAINT "supervision_items_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_items" ADD CONSTRAINT "supervision_items_meeting_decision_id_meeting_decisions_id_fk" FOREIGN KEY ("meeting_decision_id") REFERENCES "public"."meeting_decisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "supervision_meeting_idx" ON "supervision_items" USING btree ("meeting_id");--> statement-breakpoint
CREATE UNIQUE INDEX "supervision_meeting_decision_uq" ON "supervision_items" USING btree ("meeting_decision_id");--> statement-breakpoint
ALTER TABLE "supervision_items" ADD CONSTRAINT "supervision_source_ck" CHECK ("supervision_items"."source" <> 'meeting' or "supervision_items"."meeting_decision_id" is not null);