-- What the partners agreed stays as agreed: once a version of the action plan is adopted, the
-- database refuses any change to its entries, and to the version itself except being superseded.
-- Statuses move on the measures, never here.
CREATE FUNCTION refuse_agreed_plan_entry_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  version_ids integer[] := CASE TG_OP
    WHEN 'INSERT' THEN ARRAY[NEW.version_id]
    WHEN 'DELETE' THEN ARRAY[OLD.version_id]
    ELSE ARRAY[OLD.version_id, NEW.version_id] END;
  frozen integer;
BEGIN
  SELECT number INTO frozen FROM action_plan_version
   WHERE id = ANY (version_ids) AND status <> 'DRAFT' LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'action plan version % is adopted: its content cannot change (% on %)', frozen, TG_OP, TG_TABLE_NAME
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER action_plan_entry_frozen_once_adopted
  BEFORE INSERT OR UPDATE OR DELETE ON action_plan_entry
  FOR EACH ROW EXECUTE FUNCTION refuse_agreed_plan_entry_change();
--> statement-breakpoint
CREATE TRIGGER action_plan_entry_responsibility_frozen_once_adopted
  BEFORE INSERT OR UPDATE OR DELETE ON action_plan_entry_responsibility
  FOR EACH ROW EXECUTE FUNCTION refuse_agreed_plan_entry_change();
--> statement-breakpoint
CREATE TRIGGER action_plan_entry_no_truncate
  BEFORE TRUNCATE ON action_plan_entry
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_rewrite();
--> statement-breakpoint
CREATE TRIGGER action_plan_entry_responsibility_no_truncate
  BEFORE TRUNCATE ON action_plan_entry_responsibility
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_rewrite();
--> statement-breakpoint
-- A version moves DRAFT -> ADOPTED -> SUPERSEDED and nothing else about it changes after adoption.
CREATE FUNCTION guard_action_plan_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status <> 'DRAFT' THEN
      RAISE EXCEPTION 'action plan version % is %: it cannot be deleted', OLD.number, OLD.status
        USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.status = 'DRAFT' AND NEW.status IN ('DRAFT', 'ADOPTED') THEN
    RETURN NEW;
  END IF;
  IF OLD.status = 'ADOPTED' AND NEW.status = 'SUPERSEDED'
     AND ROW(NEW.id, NEW.partnership_id, NEW.number, NEW.based_on_id, NEW.note, NEW.revision,
             NEW.opened_at, NEW.opened_by_sub, NEW.adopted_at, NEW.adopted_by_sub)
         IS NOT DISTINCT FROM
         ROW(OLD.id, OLD.partnership_id, OLD.number, OLD.based_on_id, OLD.note, OLD.revision,
             OLD.opened_at, OLD.opened_by_sub, OLD.adopted_at, OLD.adopted_by_sub) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'action plan version % cannot go from % to % or change once adopted', OLD.number, OLD.status, NEW.status
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER action_plan_version_lifecycle
  BEFORE UPDATE OR DELETE ON action_plan_version
  FOR EACH ROW EXECUTE FUNCTION guard_action_plan_version();
--> statement-breakpoint
CREATE TRIGGER action_plan_version_no_truncate
  BEFORE TRUNCATE ON action_plan_version
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_rewrite();
