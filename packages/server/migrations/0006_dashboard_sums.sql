CREATE TABLE "report_stat_marks" (
	"report_id" uuid PRIMARY KEY NOT NULL,
	"plan_id" uuid NOT NULL,
	"period_id" uuid NOT NULL,
	"status" text NOT NULL,
	"scope_keys" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_stats" (
	"plan_id" uuid NOT NULL,
	"period_id" uuid NOT NULL,
	"scope_key" text NOT NULL,
	"status" text NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "report_stats_plan_id_scope_key_period_id_status_pk" PRIMARY KEY("plan_id","scope_key","period_id","status")
);
--> statement-breakpoint
ALTER TABLE "task_stat_marks" ADD COLUMN "overdue_reports" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "task_stat_marks" ADD COLUMN "indicators_with_target" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "task_stat_marks" ADD COLUMN "indicators_attained" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "task_stats" ADD COLUMN "overdue_reports" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "task_stats" ADD COLUMN "indicators_with_target" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "task_stats" ADD COLUMN "indicators_attained" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "overdue_reports" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "indicators_with_target" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "indicators_attained" integer DEFAULT 0 NOT NULL;