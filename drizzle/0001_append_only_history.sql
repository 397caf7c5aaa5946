-- History that auditors rely on is append-only: the database itself refuses to rewrite it,
-- whatever the application does.
CREATE FUNCTION refuse_history_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER measure_status_change_append_only
  BEFORE UPDATE OR DELETE ON measure_status_change
  FOR EACH ROW EXECUTE FUNCTION refuse_history_rewrite();
--> statement-breakpoint
CREATE TRIGGER measure_status_change_no_truncate
  BEFORE TRUNCATE ON measure_status_change
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_rewrite();
