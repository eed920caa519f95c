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
-- and status, kept by statement triggers on every insert, status change and
-- delete of assignments (whatever code makes them), filled here from the
-- history. A statement adds its rows' counts at once (a bulk insert is one
-- upsert per status, not one per row), in key order (no deadlock).
CREATE TABLE "assignment_counts" ("practitioner_id" varchar(36),"status" varchar(20),"n" bigint NOT NULL DEFAULT 0,PRIMARY KEY ("practitioner_id","status"));
INSERT INTO "assignment_counts" ("practitioner_id","status","n") SELECT "practitioner_id","status",COUNT(*) FROM "assignments" GROUP BY "practitioner_id","status";
CREATE FUNCTION "assignment_counts_add"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO assignment_counts (practitioner_id, status, n) SELECT practitioner_id, status, COUNT(*) FROM new_rows GROUP BY practitioner_id, status ORDER BY practitioner_id, status ON CONFLICT (practitioner_id, status) DO UPDATE SET n = assignment_counts.n + EXCLUDED.n; RETURN NULL; END $$;
CREATE FUNCTION "assignment_counts_remove"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE assignment_counts c SET n = c.n - d.n FROM (SELECT practitioner_id, status, COUNT(*) AS n FROM old_rows GROUP BY practitioner_id, status) d WHERE c.practitioner_id = d.practitioner_id AND c.status = d.status; RETURN NULL; END $$;
CREATE FUNCTION "assignment_counts_move"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO assignment_counts (practitioner_id, status, n) SELECT pid, st, SUM(d) FROM (SELECT o.practitioner_id AS pid, o.status AS st, -1 AS d FROM old_rows o JOIN new_rows w ON w.id = o.id WHERE o.status <> w.status OR o.practitioner_id <> w.practitioner_id UNION ALL SELECT w.practitioner_id, w.status, 1 FROM old_rows o JOIN new_rows w ON w.id = o.id WHERE o.status <> w.status OR o.practitioner_id <> w.practitioner_id) moved GROUP BY pid, st ORDER BY pid, st ON CONFLICT (practitioner_id, status) DO UPDATE SET n = assignment_counts.n + EXCLUDED.n; RETURN NULL; END $$;
CREATE TRIGGER "assignment_counts_insert" AFTER INSERT ON "assignments" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "assignment_counts_add"();
CREATE TRIGGER "assignment_counts_delete" AFTER DELETE ON "assignments" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "assignment_counts_remove"();
CREATE TRIGGER "assignment_counts_update" AFTER UPDATE ON "assignments" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "assignment_counts_move"();
