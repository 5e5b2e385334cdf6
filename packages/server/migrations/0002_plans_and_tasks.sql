CREATE TABLE "plan_articles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version_id" uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	"chapter_no" text NOT NULL,
	"chapter_title" text NOT NULL,
	"article_no" text NOT NULL,
	"title" text NOT NULL,
	"position" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plan_measures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"article_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"text" text NOT NULL,
	"verb" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plan_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"pair_id" uuid NOT NULL,
	"version_no" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"source_name" text NOT NULL,
	"source_text" text NOT NULL,
	"outline" jsonb NOT NULL,
	"warnings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"published_at" timestamp with time zone,
	"published_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	CONSTRAINT "plan_versions_status_ck" CHECK ("plan_versions"."status" in ('draft','published','superseded'))
);
--> statement-breakpoint
CREATE TABLE "plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"pair_id" uuid NOT NULL,
	"title" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
CREATE TABLE "task_indicators" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"task_id" uuid NOT NULL,
	"name" text NOT NULL,
	"unit_of_measure" text NOT NULL,
	"target" numeric(20, 4),
	"actual" numeric(20, 4),
	"computation" text DEFAULT 'entered' NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "task_indicators_computation_ck" CHECK ("task_indicators"."computation" in ('entered','rollup'))
);
--> statement-breakpoint
CREATE TABLE "task_milestones" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"task_id" uuid NOT NULL,
	"title" text NOT NULL,
	"due_on" date NOT NULL,
	"done_on" date,
	"position" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "task_units" (
	"task_id" uuid NOT NULL,
	"unit_id" uuid NOT NULL,
	"role" text NOT NULL,
	CONSTRAINT "task_units_task_id_unit_id_pk" PRIMARY KEY("task_id","unit_id"),
	CONSTRAINT "task_units_role_ck" CHECK ("task_units"."role" in ('lead','support'))
);
--> statement-breakpoint
CREATE TABLE "tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"pair_id" uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	"chapter_no" text NOT NULL,
	"article_no" text NOT NULL,
	"measure_id" uuid,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"start_on" date,
	"due_on" date,
	"status" text DEFAULT 'not_started' NOT NULL,
	"progress" integer,
	"light" text DEFAULT 'green' NOT NULL,
	"light_reasons" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"next_review_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	CONSTRAINT "tasks_status_ck" CHECK ("tasks"."status" in ('not_started','in_progress','done','delayed','paused')),
	CONSTRAINT "tasks_light_ck" CHECK ("tasks"."light" in ('red','amber','green','grey')),
	CONSTRAINT "tasks_progress_ck" CHECK ("tasks"."progress" is null or "tasks"."progress" between 0 and 100),
	CONSTRAINT "tasks_dates_ck" CHECK ("tasks"."start_on" is null or "tasks"."due_on" is null or "tasks"."start_on" <= "tasks"."due_on")
);
--> statement-breakpoint
ALTER TABLE "plan_articles" ADD CONSTRAINT "plan_articles_version_id_plan_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."plan_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_measures" ADD CONSTRAINT "plan_measures_article_id_plan_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."plan_articles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_versions" ADD CONSTRAINT "plan_versions_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plans" ADD CONSTRAINT "plans_pair_id_pairs_id_fk" FOREIGN KEY ("pair_id") REFERENCES "public"."pairs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_indicators" ADD CONSTRAINT "task_indicators_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_milestones" ADD CONSTRAINT "task_milestones_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_units" ADD CONSTRAINT "task_units_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_units" ADD CONSTRAINT "task_units_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_pair_id_pairs_id_fk" FOREIGN KEY ("pair_id") REFERENCES "public"."pairs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_measure_id_plan_measures_id_fk" FOREIGN KEY ("measure_id") REFERENCES "public"."plan_measures"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "plan_articles_version_no_uq" ON "plan_articles" USING btree ("version_id","article_no");--> statement-breakpoint
CREATE INDEX "plan_articles_plan_idx" ON "plan_articles" USING btree ("plan_id","article_no");--> statement-breakpoint
CREATE INDEX "plan_measures_article_idx" ON "plan_measures" USING btree ("article_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "plan_versions_plan_no_uq" ON "plan_versions" USING btree ("plan_id","version_no");--> statement-breakpoint
CREATE UNIQUE INDEX "plans_pair_title_uq" ON "plans" USING btree ("pair_id","title");--> statement-breakpoint
CREATE INDEX "task_indicators_task_idx" ON "task_indicators" USING btree ("task_id","position");--> statement-breakpoint
CREATE INDEX "task_milestones_task_idx" ON "task_milestones" USING btree ("task_id","position");--> statement-breakpoint
CREATE INDEX "task_units_unit_idx" ON "task_units" USING btree ("unit_id","task_id");--> statement-breakpoint
CREATE INDEX "tasks_pair_article_idx" ON "tasks" USING btree ("pair_id","chapter_no","article_no");--> statement-breakpoint
CREATE INDEX "tasks_pair_due_idx" ON "tasks" USING btree ("pair_id","due_on");--> statement-breakpoint
CREATE INDEX "tasks_review_idx" ON "tasks" USING btree ("next_review_on");