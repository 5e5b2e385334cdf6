CREATE TABLE "task_stat_marks" (
	"task_id" uuid PRIMARY KEY NOT NULL,
	"plan_id" uuid NOT NULL,
	"chapter_no" text NOT NULL,
	"article_no" text NOT NULL,
	"status" text NOT NULL,
	"light" text NOT NULL,
	"scope_keys" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "task_stats" (
	"plan_id" uuid NOT NULL,
	"scope_key" text NOT NULL,
	"chapter_no" text NOT NULL,
	"article_no" text NOT NULL,
	"status" text NOT NULL,
	"light" text NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "task_stats_plan_id_scope_key_chapter_no_article_no_status_light_pk" PRIMARY KEY("plan_id","scope_key","chapter_no","article_no","status","light")
);
