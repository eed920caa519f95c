-- Step 13: schedules (a set of worksheets repeated every week, two weeks or
-- month), courses (a practitioner's own; built-in ones are embedded) and
-- enrolments in them, and releases: one row per schedule occurrence or
-- course step, unique by (source_id, occurrence), so each is released at
-- most once. assignments.release_id names the release that created one.
CREATE TABLE "schedules" ("id" varchar(36),"practitioner_id" varchar(36) NOT NULL,"client_id" varchar(36) NOT NULL,"worksheet_keys" varchar(1400) NOT NULL,"every" varchar(10) NOT NULL,"weekday" bigint NOT NULL,"start_on" timestamptz,"until_on" timestamptz,"count" bigint NOT NULL DEFAULT 0,"due_after_days" bigint NOT NULL DEFAULT 0,"release_time" varchar(5) NOT NULL DEFAULT '08:00',"instructions_enc" text NOT NULL DEFAULT '',"base_occurrence" bigint NOT NULL DEFAULT 0,"next_occurrence" bigint NOT NULL DEFAULT 1,"next_release_at" timestamptz,"paused_at" timestamptz,"stopped_at" timestamptz,"created_at" timestamptz,"updated_at" timestamptz,PRIMARY KEY ("id"));
CREATE INDEX IF NOT EXISTS "idx_schedules_next_release_at" ON "schedules" ("next_release_at");
CREATE INDEX IF NOT EXISTS "idx_schedules_client_id" ON "schedules" ("client_id");
CREATE INDEX IF NOT EXISTS "idx_schedules_practitioner_id" ON "schedules" ("practitioner_id");
CREATE TABLE "releases" ("id" varchar(36),"practitioner_id" varchar(36) NOT NULL,"client_id" varchar(36) NOT NULL,"kind" varchar(10) NOT NULL,"source_id" varchar(36) NOT NULL,"occurrence" bigint NOT NULL,"released_at" timestamptz,PRIMARY KEY ("id"));
CREATE INDEX IF NOT EXISTS "idx_releases_released_at" ON "releases" ("released_at");
CREATE UNIQUE INDEX IF NOT EXISTS "idx_release_source" ON "releases" ("source_id","occurrence");
CREATE INDEX IF NOT EXISTS "idx_releases_practitioner_id" ON "releases" ("practitioner_id");
CREATE TABLE "courses" ("id" varchar(36),"owner_id" varchar(36) NOT NULL,"key" varchar(64) NOT NULL,"title" varchar(300) NOT NULL,"definition" text NOT NULL,"created_at" timestamptz,"updated_at" timestamptz,PRIMARY KEY ("id"));
CREATE UNIQUE INDEX IF NOT EXISTS "idx_course_owner_key" ON "courses" ("owner_id","key");
CREATE TABLE "course_enrolments" ("id" varchar(36),"practitioner_id" varchar(36) NOT NULL,"client_id" varchar(36) NOT NULL,"course_key" varchar(64) NOT NULL,"title" varchar(300) NOT NULL,"definition" text NOT NULL,"start_on" timestamptz,"release_time" varchar(5) NOT NULL DEFAULT '08:00',"next_release_at" timestamptz,"waiting" boolean NOT NULL DEFAULT false,"completed_at" timestamptz,"stopped_at" timestamptz,"created_at" timestamptz,"updated_at" timestamptz,PRIMARY KEY ("id"));
CREATE INDEX IF NOT EXISTS "idx_course_enrolments_next_release_at" ON "course_enrolments" ("next_release_at");
CREATE INDEX IF NOT EXISTS "idx_course_enrolments_client_id" ON "course_enrolments" ("client_id");
CREATE INDEX IF NOT EXISTS "idx_course_enrolments_practitioner_id" ON "course_enrolments" ("practitioner_id");
ALTER TABLE "assignments" ADD COLUMN "release_id" varchar(36) NOT NULL DEFAULT '';
CREATE INDEX IF NOT EXISTS "idx_assignments_release_id" ON "assignments" ("release_id");
