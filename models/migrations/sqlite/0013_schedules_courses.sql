-- Step 13: schedules (a set of worksheets repeated every week, two weeks or
-- month), courses (a practitioner's own; built-in ones are embedded) and
-- enrolments in them, and releases: one row per schedule occurrence or
-- course step, unique by (source_id, occurrence), so each is released at
-- most once. assignments.release_id names the release that created one.
CREATE TABLE `schedules` (`id` text,`practitioner_id` text NOT NULL,`client_id` text NOT NULL,`worksheet_keys` text NOT NULL,`every` text NOT NULL,`weekday` integer NOT NULL,`start_on` datetime,`until_on` datetime,`count` integer NOT NULL DEFAULT 0,`due_after_days` integer NOT NULL DEFAULT 0,`release_time` text NOT NULL DEFAULT "08:00",`instructions_enc` text NOT NULL DEFAULT "",`base_occurrence` integer NOT NULL DEFAULT 0,`next_occurrence` integer NOT NULL DEFAULT 1,`next_release_at` datetime,`paused_at` datetime,`stopped_at` datetime,`created_at` datetime,`updated_at` datetime,PRIMARY KEY (`id`));
CREATE INDEX `idx_schedules_next_release_at` ON `schedules`(`next_release_at`);
CREATE INDEX `idx_schedules_client_id` ON `schedules`(`client_id`);
CREATE INDEX `idx_schedules_practitioner_id` ON `schedules`(`practitioner_id`);
CREATE TABLE `releases` (`id` text,`practitioner_id` text NOT NULL,`client_id` text NOT NULL,`kind` text NOT NULL,`source_id` text NOT NULL,`occurrence` integer NOT NULL,`released_at` datetime,PRIMARY KEY (`id`));
CREATE INDEX `idx_releases_released_at` ON `releases`(`released_at`);
CREATE UNIQUE INDEX `idx_release_source` ON `releases`(`source_id`,`occurrence`);
CREATE INDEX `idx_releases_practitioner_id` ON `releases`(`practitioner_id`);
CREATE TABLE `courses` (`id` text,`owner_id` text NOT NULL,`key` text NOT NULL,`title` text NOT NULL,`definition` text NOT NULL,`created_at` datetime,`updated_at` datetime,PRIMARY KEY (`id`));
CREATE UNIQUE INDEX `idx_course_owner_key` ON `courses`(`owner_id`,`key`);
CREATE TABLE `course_enrolments` (`id` text,`practitioner_id` text NOT NULL,`client_id` text NOT NULL,`course_key` text NOT NULL,`title` text NOT NULL,`definition` text NOT NULL,`start_on` datetime,`release_time` text NOT NULL DEFAULT "08:00",`next_release_at` datetime,`waiting` numeric NOT NULL DEFAULT false,`completed_at` datetime,`stopped_at` datetime,`created_at` datetime,`updated_at` datetime,PRIMARY KEY (`id`));
CREATE INDEX `idx_course_enrolments_next_release_at` ON `course_enrolments`(`next_release_at`);
CREATE INDEX `idx_course_enrolments_client_id` ON `course_enrolments`(`client_id`);
CREATE INDEX `idx_course_enrolments_practitioner_id` ON `course_enrolments`(`practitioner_id`);
ALTER TABLE `assignments` ADD COLUMN `release_id` text NOT NULL DEFAULT "";
CREATE INDEX `idx_assignments_release_id` ON `assignments`(`release_id`);
