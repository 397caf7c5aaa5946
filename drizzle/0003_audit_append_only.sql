-- The audit trail and progress reports are evidence: like the status history, the database
-- refuses to rewrite them (refuse_history_rewrite comes from migration 0001).
CREATE TRIGGER audit_event_append_only
  BEFORE UPDATE OR DELETE ON audit_event
  FOR EACH ROW EXECUTE FUNCTION refuse_history_rewrite();
--> statement-breakpoint
CREATE TRIGGER audit_event_no_truncate
  BEFORE TRUNCATE ON audit_event
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_rewrite();
--> statement-breakpoint
CREATE TRIGGER measure_progress_update_append_only
  BEFORE UPDATE OR DELETE ON measure_progress_update
  FOR EACH ROW EXECUTE FUNCTION refuse_history_rewrite();
--> statement-breakpoint
CREATE TRIGGER measure_progress_update_no_truncate
  BEFORE TRUNCATE ON measure_progress_update
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_rewrite();
