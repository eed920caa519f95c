-- Step 9: every list a practitioner sees is read from an index that matches
-- its filter and its order, so a page costs the same at any caseload: no
-- sort of the whole history, no scan of another practitioner's rows. The
-- single-column indexes these begin with go.
CREATE INDEX IF NOT EXISTS "idx_assignments_owner" ON "assignments" ("practitioner_id","id");
CREATE INDEX IF NOT EXISTS "idx_assignments_owner_status" ON "assignments" ("practitioner_id","status","id");
CREATE INDEX IF NOT EXISTS "idx_assignments_owner_submitted" ON "assignments" ("practitioner_id","status","submitted_at","id");
CREATE INDEX IF NOT EXISTS "idx_assignments_owner_due" ON "assignments" ("practitioner_id","status","due_on","id");
CREATE INDEX IF NOT EXISTS "idx_assignments_owner_client" ON "assignments" ("practitioner_id","client_id","id");
CREATE INDEX IF NOT EXISTS "idx_assignments_client_due" ON "assignments" ("practitioner_id","client_id","status","due_on","id");
CREATE INDEX IF NOT EXISTS "idx_assignments_client_submitted" ON "assignments" ("practitioner_id","client_id","submitted_at","id");
DROP INDEX IF EXISTS "idx_assignments_practitioner_id";
DROP INDEX IF EXISTS "idx_assignments_client_id";
CREATE INDEX IF NOT EXISTS "idx_scores_owner_client" ON "scores" ("practitioner_id","client_id","submitted_at","id");
DROP INDEX IF EXISTS "idx_scores_practitioner_id";
CREATE INDEX IF NOT EXISTS "idx_flags_owner_open" ON "flags" ("practitioner_id","acknowledged_at","severity","created_at","id");
DROP INDEX IF EXISTS "idx_flags_practitioner_id";
CREATE INDEX IF NOT EXISTS "idx_clients_owner" ON "clients" ("practitioner_id","id");
DROP INDEX IF EXISTS "idx_clients_practitioner_id";
CREATE INDEX IF NOT EXISTS "idx_notes_owner_client" ON "notes" ("practitioner_id","client_id","id");
DROP INDEX IF EXISTS "idx_notes_practitioner_id";
-- Today's counts by status are kept, not counted: one row per practitioner
-- and status, kept by a trigger on every insert, status change and delete of
-- an assignment (whatever code makes it), filled here from the history.
-- Two statuses of one change are locked in status order (no deadlock).
CREATE TABLE "assignment_counts" ("practitioner_id" varchar(36),"status" varchar(20),"n" bigint NOT NULL DEFAULT 0,PRIMARY KEY ("practitioner_id","status"));
INSERT INTO "assignment_counts" ("practitioner_id","status","n") SELECT "practitioner_id","status",COUNT(*) FROM "assignments" GROUP BY "practitioner_id","status";
CREATE FUNCTION "assignment_counts_keep"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF TG_OP = 'UPDATE' AND OLD.practitioner_id = NEW.practitioner_id AND OLD.status = NEW.status THEN RETURN NULL; END IF; IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND OLD.status < NEW.status) THEN UPDATE assignment_counts SET n = n - 1 WHERE practitioner_id = OLD.practitioner_id AND status = OLD.status; END IF; IF TG_OP <> 'DELETE' THEN INSERT INTO assignment_counts (practitioner_id, status, n) VALUES (NEW.practitioner_id, NEW.status, 1) ON CONFLICT (practitioner_id, status) DO UPDATE SET n = assignment_counts.n + 1; END IF; IF TG_OP = 'UPDATE' AND OLD.status >= NEW.status THEN UPDATE assignment_counts SET n = n - 1 WHERE practitioner_id = OLD.practitioner_id AND status = OLD.status; END IF; RETURN NULL; END $$;
CREATE TRIGGER "assignment_counts_keep" AFTER INSERT OR DELETE OR UPDATE OF "status","practitioner_id" ON "assignments" FOR EACH ROW EXECUTE FUNCTION "assignment_counts_keep"();
