-- Custom SQL migration file, put your code below! --
-- Locked dataset snapshots and their unlock records never change: UPDATE, DELETE and TRUNCATE are
-- rejected. The only deletion allowed is the cascade when the whole project is deleted.
CREATE OR REPLACE FUNCTION concord_reject_snapshot_change() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' AND NOT EXISTS (SELECT 1 FROM projects WHERE id = OLD.project_id) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'dataset snapshot rows are immutable (% on %)', TG_OP, TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION concord_reject_snapshot_truncate() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'dataset snapshot rows are immutable (TRUNCATE on %)', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER dataset_snapshots_immutable BEFORE UPDATE OR DELETE ON dataset_snapshots FOR EACH ROW EXECUTE FUNCTION concord_reject_snapshot_change();
--> statement-breakpoint
CREATE TRIGGER dataset_snapshots_no_truncate BEFORE TRUNCATE ON dataset_snapshots FOR EACH STATEMENT EXECUTE FUNCTION concord_reject_snapshot_truncate();
--> statement-breakpoint
CREATE TRIGGER snapshot_unlocks_immutable BEFORE UPDATE OR DELETE ON snapshot_unlocks FOR EACH ROW EXECUTE FUNCTION concord_reject_snapshot_change();
--> statement-breakpoint
CREATE TRIGGER snapshot_unlocks_no_truncate BEFORE TRUNCATE ON snapshot_unlocks FOR EACH STATEMENT EXECUTE FUNCTION concord_reject_snapshot_truncate();
