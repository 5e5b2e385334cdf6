CREATE TABLE "audit_head" (
	"id" integer PRIMARY KEY NOT NULL,
	"entries" bigint NOT NULL,
	"last_id" bigint,
	"last_hash" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "audit_head_one_row_ck" CHECK ("audit_head"."id" = 1),
	CONSTRAINT "audit_head_entries_ck" CHECK ("audit_head"."entries" >= 0)
);
--> statement-breakpoint
-- Hand-written: the audit chain's head, kept where the same tamper shows (see audit_head in
-- db/schema.ts). The chain proves that no entry was altered, removed or inserted between two
-- others; it cannot show entries cut from its end or a log emptied by TRUNCATE (which the row
-- trigger of 0001 does not see). The head, moved by a trigger in the transaction of every insert,
-- can: `duikou audit verify` compares the chain's length and newest hash with it.
--
-- Taken first, so that no running process appends an entry between the backfill below and the
-- trigger that keeps the head from then on (recordAudit takes the same lock before appending).
SELECT pg_advisory_xact_lock(70202623);
--> statement-breakpoint
-- The head of the chain as it stands (an empty log: no entries, the genesis hash). It anchors what
-- is there now: a log already cut before this migration cannot be told from here.
INSERT INTO audit_head (id, entries, last_id, last_hash)
SELECT 1, count(*), max(id), coalesce((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1), repeat('0', 64))
FROM audit_log;
--> statement-breakpoint
-- Every insert into audit_log moves the head, whatever inserts it; an entry that does not extend
-- the head (its prev_hash is not the head's hash) is refused, and so is any insert once the head
-- row is gone (the log's end could no longer be vouched for).
CREATE FUNCTION audit_log_advance_head() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  head_hash text;
BEGIN
  SELECT last_hash INTO head_hash FROM audit_head WHERE id = 1 FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'audit_head is missing: the audit log''s anchor was removed';
  END IF;
  IF NEW.prev_hash <> head_hash THEN
    RAISE EXCEPTION 'audit_log entry % does not extend the head of the chain', NEW.id;
  END IF;
  UPDATE audit_head SET entries = entries + 1, last_id = NEW.id, last_hash = NEW.hash, updated_at = now() WHERE id = 1;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_head AFTER INSERT ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_advance_head();
--> statement-breakpoint
-- TRUNCATE fires no row trigger: without this, one statement emptied the log past 0001's trigger.
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
--> statement-breakpoint
-- The head moves only from the trigger above (trigger depth 2: this guard inside it), by one entry
-- at a time; it is never inserted again, deleted or truncated. Like every trigger, these stop the
-- application and casual edits, not the database's owner, who can disable them: what that owner
-- can still do unseen is rewrite the log and the head consistently, which no check inside the same
-- database can reveal (keep `duikou audit verify`'s printed head elsewhere to catch that).
CREATE FUNCTION audit_head_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND pg_trigger_depth() > 1 AND NEW.id = OLD.id AND NEW.entries = OLD.entries + 1
     AND NEW.last_id IS NOT NULL AND (OLD.last_id IS NULL OR NEW.last_id > OLD.last_id) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_head moves only with an insert into audit_log';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_head_guard_rows BEFORE INSERT OR UPDATE OR DELETE ON audit_head
  FOR EACH ROW EXECUTE FUNCTION audit_head_guard();
--> statement-breakpoint
CREATE TRIGGER audit_head_guard_truncate BEFORE TRUNCATE ON audit_head
  FOR EACH STATEMENT EXECUTE FUNCTION audit_head_guard();
