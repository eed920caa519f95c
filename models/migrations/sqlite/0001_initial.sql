-- Step 1: the v1 schema, frozen. Released: never edit this file. Deployed
-- databases already ran it (or the GORM AutoMigrate it was captured from, in
-- releases before it was frozen); a schema change is a new file, 0002_….sql.
-- Captured statement by statement from GORM AutoMigrate of the v1 models.
-- No schema name: PostgreSQL creates the tables in the search_path's schema.
CREATE TABLE `practitioners` (`id` text,`email` text NOT NULL,`name` text NOT NULL,`password_hash` text NOT NULL,`role` text NOT NULL,`time_zone` text NOT NULL DEFAULT "",`disabled_at` datetime,`created_at` datetime,`updated_at` datetime,PRIMARY KEY (`id`));
CREATE UNIQUE INDEX `idx_practitioners_email` ON `practitioners`(`email`);
CREATE TABLE `sessions` (`token_hash` text,`practitioner_id` text NOT NULL,`csrf_token` text NOT NULL,`created_at` datetime,`last_seen_at` datetime,PRIMARY KEY (`token_hash`));
CREATE INDEX `idx_sessions_practitioner_id` ON `sessions`(`practitioner_id`);
CREATE TABLE `api_tokens` (`id` text,`practitioner_id` text NOT NULL,`name` text NOT NULL,`token_hash` text NOT NULL,`expires_at` datetime,`last_used_at` datetime,`revoked_at` datetime,`created_at` datetime,PRIMARY KEY (`id`));
CREATE UNIQUE INDEX `idx_api_tokens_token_hash` ON `api_tokens`(`token_hash`);
CREATE INDEX `idx_api_tokens_practitioner_id` ON `api_tokens`(`practitioner_id`);
CREATE TABLE `clients` (`id` text,`practitioner_id` text NOT NULL,`display_name` text NOT NULL,`email` text NOT NULL DEFAULT "",`notes_enc` text NOT NULL DEFAULT "",`archived_at` datetime,`last_summary_at` datetime,`created_at` datetime,`updated_at` datetime,PRIMARY KEY (`id`));
CREATE INDEX `idx_clients_practitioner_id` ON `clients`(`practitioner_id`);
CREATE TABLE `worksheet_versions` (`id` text,`key` text NOT NULL,`version` integer NOT NULL,`title` text NOT NULL,`definition` text NOT NULL,`source` text NOT NULL,`owner_id` text NOT NULL DEFAULT "",`created_at` datetime,PRIMARY KEY (`id`));
CREATE INDEX `idx_worksheet_versions_owner_id` ON `worksheet_versions`(`owner_id`);
CREATE UNIQUE INDEX `idx_ws_key_version` ON `worksheet_versions`(`key`,`version`);
CREATE TABLE `assignments` (`id` text,`practitioner_id` text NOT NULL,`client_id` text NOT NULL,`worksheet_version_id` text NOT NULL,`worksheet_key` text NOT NULL,`instructions` text NOT NULL DEFAULT "",`due_on` datetime,`status` text NOT NULL,`link_token_hash` text NOT NULL DEFAULT "",`link_expires_at` datetime,`link_revoked_at` datetime,`submitted_at` datetime,`reviewed_at` datetime,`created_at` datetime,`updated_at` datetime,PRIMARY KEY (`id`));
CREATE INDEX `idx_assignments_link_token_hash` ON `assignments`(`link_token_hash`);
CREATE INDEX `idx_assignments_status` ON `assignments`(`status`);
CREATE INDEX `idx_assignments_client_id` ON `assignments`(`client_id`);
CREATE INDEX `idx_assignments_practitioner_id` ON `assignments`(`practitioner_id`);
CREATE TABLE `responses` (`assignment_id` text,`answers_enc` text NOT NULL,`version` integer NOT NULL,`saved_at` datetime,`submitted_at` datetime,`idempotency_key` text NOT NULL DEFAULT "",PRIMARY KEY (`assignment_id`));
CREATE TABLE `scores` (`id` text,`assignment_id` text NOT NULL,`client_id` text NOT NULL,`worksheet_key` text NOT NULL,`scale` text NOT NULL,`title` text NOT NULL,`value` real,`band` text NOT NULL DEFAULT "",`meaning` text NOT NULL DEFAULT "",`min` real,`max` real,`note` text NOT NULL DEFAULT "",`submitted_at` datetime,`practitioner_id` text NOT NULL,PRIMARY KEY (`id`));
CREATE INDEX `idx_scores_practitioner_id` ON `scores`(`practitioner_id`);
CREATE INDEX `idx_score_trend` ON `scores`(`client_id`,`worksheet_key`);
CREATE INDEX `idx_scores_assignment_id` ON `scores`(`assignment_id`);
CREATE TABLE `flags` (`id` text,`assignment_id` text NOT NULL,`practitioner_id` text NOT NULL,`rule` text NOT NULL,`severity` text NOT NULL,`message` text NOT NULL,`acknowledged_at` datetime,`created_at` datetime,PRIMARY KEY (`id`));
CREATE INDEX `idx_flags_practitioner_id` ON `flags`(`practitioner_id`);
CREATE INDEX `idx_flags_assignment_id` ON `flags`(`assignment_id`);
CREATE TABLE `notes` (`id` text,`practitioner_id` text NOT NULL,`client_id` text NOT NULL,`assignment_id` text NOT NULL DEFAULT "",`text_enc` text NOT NULL,`created_at` datetime,PRIMARY KEY (`id`));
CREATE INDEX `idx_notes_assignment_id` ON `notes`(`assignment_id`);
CREATE INDEX `idx_notes_client_id` ON `notes`(`client_id`);
CREATE INDEX `idx_notes_practitioner_id` ON `notes`(`practitioner_id`);
CREATE TABLE `fill_sessions` (`token_hash` text,`assignment_id` text NOT NULL,`csrf_token` text NOT NULL,`created_at` datetime,`last_seen_at` datetime,PRIMARY KEY (`token_hash`));
CREATE INDEX `idx_fill_sessions_assignment_id` ON `fill_sessions`(`assignment_id`);
CREATE TABLE `rate_events` (`id` integer PRIMARY KEY AUTOINCREMENT,`bucket` text NOT NULL,`created_at` datetime);
CREATE INDEX `idx_rate_bucket_at` ON `rate_events`(`bucket`,`created_at`);
CREATE TABLE `settings` (`key` text,`value` text NOT NULL,PRIMARY KEY (`key`));
CREATE TABLE `audit_events` (`id` integer PRIMARY KEY AUTOINCREMENT,`at` datetime,`actor_type` text NOT NULL,`actor_id` text NOT NULL,`action` text NOT NULL,`object_type` text NOT NULL DEFAULT "",`object_id` text NOT NULL DEFAULT "",`ip` text NOT NULL DEFAULT "");
CREATE INDEX `idx_audit_events_object_id` ON `audit_events`(`object_id`);
CREATE INDEX `idx_audit_events_at` ON `audit_events`(`at`);
