-- Step 17: PostgreSQL keeps Today's stamp too (TodayStamp), raised once by
-- every transaction that inserts, updates or deletes any of a
-- practitioner's assignments, flags, clients or releases (an update that
-- moves a row to another practitioner raises both). The triggers are
-- constraint triggers deferred to commit: a transaction takes the stamp's
-- row last, after every row lock it holds, and keeps it only while it
-- commits, so writers never wait on it mid-way, and never hold it while
-- waiting for a row another writer holds (a deadlock,
-- TestTodayStampLockOrder). A transaction-local setting marks the
-- practitioners already raised, so a transaction writing many rows
-- updates the stamp's row once (not once a row: each update of a row in
-- the same transaction walks every version before it).
CREATE FUNCTION "today_stamps_raise_one"(pid varchar) RETURNS void LANGUAGE plpgsql AS $$ DECLARE k text; BEGIN IF pid IS NULL THEN RETURN; END IF; k := 'tend_today.p' || md5(pid); IF current_setting(k, true) = '1' THEN RETURN; END IF; PERFORM set_config(k, '1', true); INSERT INTO today_stamps (practitioner_id, n) VALUES (pid, 1) ON CONFLICT (practitioner_id) DO UPDATE SET n = today_stamps.n + 1; END $$;
CREATE FUNCTION "today_stamps_raise"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF TG_OP <> 'INSERT' THEN PERFORM today_stamps_raise_one(OLD.practitioner_id); END IF; IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.practitioner_id IS DISTINCT FROM OLD.practitioner_id) THEN PERFORM today_stamps_raise_one(NEW.practitioner_id); END IF; RETURN NULL; END $$;
CREATE CONSTRAINT TRIGGER "today_stamps_assignments" AFTER INSERT OR UPDATE OR DELETE ON "assignments" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION today_stamps_raise();
CREATE CONSTRAINT TRIGGER "today_stamps_flags" AFTER INSERT OR UPDATE OR DELETE ON "flags" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION today_stamps_raise();
CREATE CONSTRAINT TRIGGER "today_stamps_clients" AFTER INSERT OR UPDATE OR DELETE ON "clients" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION today_stamps_raise();
CREATE CONSTRAINT TRIGGER "today_stamps_releases" AFTER INSERT OR UPDATE OR DELETE ON "releases" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION today_stamps_raise();
