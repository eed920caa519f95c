-- Step 1: the v1 schema, frozen. Released: never edit this file. Deployed
-- databases already ran it (or the GORM AutoMigrate it was captured from, in
-- releases before it was frozen); a schema change is a new file, 0002_….sql.
-- Captured statement by statement from GORM AutoMigrate of the v1 models.
-- No schema name: PostgreSQL creates the tables in the search_path's schema.
CREATE TABLE "practitioners" ("id" varchar(36),"email" varchar(320) NOT NULL,"name" varchar(200) NOT NULL,"password_hash" varchar(255) NOT NULL,"role" varchar(20) NOT NULL,"time_zone" varchar(64) NOT NULL DEFAULT '',"disabled_at" timestamptz,"created_at" timestamptz,"updated_at" timestamptz,PRIMARY KEY ("id"));
CREATE UNIQUE INDEX IF NOT EXISTS "idx_practitioners_email" ON "practitioners" ("email");
CREATE TABLE "sessions" ("token_hash" varchar(64),"practitioner_id" varchar(36) NOT NULL,"csrf_token" varchar(64) NOT NULL,"created_at" timestamptz,"last_seen_at" timestamptz,PRIMARY KEY ("token_hash"));
CREATE INDEX IF NOT EXISTS "idx_sessions_practitioner_id" ON "sessions" ("practitioner_id");
CREATE TABLE "api_tokens" ("id" varchar(36),"practitioner_id" varchar(36) NOT NULL,"name" varchar(100) NOT NULL,"token_hash" varchar(64) NOT NULL,"expires_at" timestamptz,"last_used_at" timestamptz,"revoked_at" timestamptz,"created_at" timestamptz,PRIMARY KEY ("id"));
CREATE UNIQUE INDEX IF NOT EXISTS "idx_api_tokens_token_hash" ON "api_tokens" ("token_hash");
CREATE INDEX IF NOT EXISTS "idx_api_tokens_practitioner_id" ON "api_tokens" ("practitioner_id");
CREATE TABLE "clients" ("id" varchar(36),"practitioner_id" varchar(36) NOT NULL,"display_name" varchar(200) NOT NULL,"email" varchar(320) NOT NULL DEFAULT '',"notes_enc" text NOT NULL DEFAULT '',"archived_at" timestamptz,"last_summary_at" timestamptz,"created_at" timestamptz,"updated_at" timestamptz,PRIMARY KEY ("id"));
CREATE INDEX IF NOT EXISTS "idx_clients_practitioner_id" ON "clients" ("practitioner_id");
CREATE TABLE "worksheet_versions" ("id" varchar(36),"key" varchar(64) NOT NULL,"version" bigint NOT NULL,"title" varchar(300) NOT NULL,"definition" text NOT NULL,"source" varchar(10) NOT NULL,"owner_id" varchar(36) NOT NULL DEFAULT '',"created_at" timestamptz,PRIMARY KEY ("id"));
CREATE INDEX IF NOT EXISTS "idx_worksheet_versions_owner_id" ON "worksheet_versions" ("owner_id");
CREATE UNIQUE INDEX IF NOT EXISTS "idx_ws_key_version" ON "worksheet_versions" ("key","version");
CREATE TABLE "assignments" ("id" varchar(36),"practitioner_id" varchar(36) NOT NULL,"client_id" varchar(36) NOT NULL,"worksheet_version_id" varchar(36) NOT NULL,"worksheet_key" varchar(64) NOT NULL,"instructions" text NOT NULL DEFAULT '',"due_on" timestamptz,"status" varchar(20) NOT NULL,"link_token_hash" varchar(64) NOT NULL DEFAULT '',"link_expires_at" timestamptz,"link_revoked_at" timestamptz,"submitted_at" timestamptz,"reviewed_at" timestamptz,"created_at" timestamptz,"updated_at" timestamptz,PRIMARY KEY ("id"));
CREATE INDEX IF NOT EXISTS "idx_assignments_link_token_hash" ON "assignments" ("link_token_hash");
CREATE INDEX IF NOT EXISTS "idx_assignments_status" ON "assignments" ("status");
CREATE INDEX IF NOT EXISTS "idx_assignments_client_id" ON "assignments" ("client_id");
CREATE INDEX IF NOT EXISTS "idx_assignments_practitioner_id" ON "assignments" ("practitioner_id");
CREATE TABLE "responses" ("assignment_id" varchar(36),"answers_enc" text NOT NULL,"version" bigint NOT NULL,"saved_at" timestamptz,"submitted_at" timestamptz,"idempotency_key" varchar(100) NOT NULL DEFAULT '',PRIMARY KEY ("assignment_id"));
CREATE TABLE "scores" ("id" varchar(36),"assignment_id" varchar(36) NOT NULL,"client_id" varchar(36) NOT NULL,"worksheet_key" varchar(64) NOT NULL,"scale" varchar(64) NOT NULL,"title" varchar(300) NOT NULL,"value" decimal,"band" varchar(100) NOT NULL DEFAULT '',"meaning" text NOT NULL DEFAULT '',"min" decimal,"max" decimal,"note" varchar(300) NOT NULL DEFAULT '',"submitted_at" timestamptz,"practitioner_id" varchar(36) NOT NULL,PRIMARY KEY ("id"));
CREATE INDEX IF NOT EXISTS "idx_scores_practitioner_id" ON "scores" ("practitioner_id");
CREATE INDEX IF NOT EXISTS "idx_score_trend" ON "scores" ("client_id","worksheet_key");
CREATE INDEX IF NOT EXISTS "idx_scores_assignment_id" ON "scores" ("assignment_id");
CREATE TABLE "flags" ("id" varchar(36),"assignment_id" varchar(36) NOT NULL,"practitioner_id" varchar(36) NOT NULL,"rule" varchar(64) NOT NULL,"severity" varchar(10) NOT NULL,"message" text NOT NULL,"acknowledged_at" timestamptz,"created_at" timestamptz,PRIMARY KEY ("id"));
CREATE INDEX IF NOT EXISTS "idx_flags_practitioner_id" ON "flags" ("practitioner_id");
CREATE INDEX IF NOT EXISTS "idx_flags_assignment_id" ON "flags" ("assignment_id");
CREATE TABLE "notes" ("id" varchar(36),"practitioner_id" varchar(36) NOT NULL,"client_id" varchar(36) NOT NULL,"assignment_id" varchar(36) NOT NULL DEFAULT '',"text_enc" text NOT NULL,"created_at" timestamptz,PRIMARY KEY ("id"));
CREATE INDEX IF NOT EXISTS "idx_notes_assignment_id" ON "notes" ("assignment_id");
CREATE INDEX IF NOT EXISTS "idx_notes_client_id" ON "notes" ("client_id");
CREATE INDEX IF NOT EXISTS "idx_notes_practitioner_id" ON "notes" ("practitioner_id");
CREATE TABLE "fill_sessions" ("token_hash" varchar(64),"assignment_id" varchar(36) NOT NULL,"csrf_token" varchar(64) NOT NULL,"created_at" timestamptz,"last_seen_at" timestamptz,PRIMARY KEY ("token_hash"));
CREATE INDEX IF NOT EXISTS "idx_fill_sessions_assignment_id" ON "fill_sessions" ("assignment_id");
CREATE TABLE "rate_events" ("id" bigserial,"bucket" varchar(100) NOT NULL,"created_at" timestamptz,PRIMARY KEY ("id"));
CREATE INDEX IF NOT EXISTS "idx_rate_bucket_at" ON "rate_events" ("bucket","created_at");
CREATE TABLE "settings" ("key" varchar(64),"value" text NOT NULL,PRIMARY KEY ("key"));
CREATE TABLE "audit_events" ("id" bigserial,"at" timestamptz,"actor_type" varchar(20) NOT NULL,"actor_id" varchar(64) NOT NULL,"action" varchar(64) NOT NULL,"object_type" varchar(32) NOT NULL DEFAULT '',"object_id" varchar(64) NOT NULL DEFAULT '',"ip" varchar(64) NOT NULL DEFAULT '',PRIMARY KEY ("id"));
CREATE INDEX IF NOT EXISTS "idx_audit_events_object_id" ON "audit_events" ("object_id");
CREATE INDEX IF NOT EXISTS "idx_audit_events_at" ON "audit_events" ("at");
