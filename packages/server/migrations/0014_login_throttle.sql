-- Failed logins per client address and per username, counted in the database so that the login
-- limits (等保 2.0, GB/T 22239-2019 8.1.4.1) hold across every process sharing it. Keys are SHA-256
-- digests; window_end is indexed for pruning expired rows.
CREATE TABLE "login_throttle" (
	"key" text PRIMARY KEY NOT NULL,
	"failures" integer NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"window_end" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "login_throttle_window_end_idx" ON "login_throttle" USING btree ("window_end");