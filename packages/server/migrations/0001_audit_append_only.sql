-- The audit log is append-only for the application: the hash chain detects tampering, and this
-- trigger stops accidental or casual edits (a database owner can still disable it, which is
-- exactly what `duikou audit verify` exists to catch).
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
