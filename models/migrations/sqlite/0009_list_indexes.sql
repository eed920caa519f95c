-- Step 9: every list a practitioner sees is read from an index that matches
-- its filter and its order, so a page costs the same at any caseload: no
-- sort of the whole history, no scan of another practitioner's rows. The
-- single-column indexes these begin with go.
CREATE INDEX IF NOT EXISTS `idx_assignments_owner` ON `assignments`(`practitioner_id`,`id`);
CREATE INDEX IF NOT EXISTS `idx_assignments_owner_status` ON `assignments`(`practitioner_id`,`status`,`id`);
CREATE INDEX IF NOT EXISTS `idx_assignments_owner_submitted` ON `assignments`(`practitioner_id`,`status`,`submitted_at`,`id`);
CREATE INDEX IF NOT EXISTS `idx_assignments_owner_due` ON `assignments`(`practitioner_id`,`status`,`due_on`,`id`);
CREATE INDEX IF NOT EXISTS `idx_assignments_owner_client` ON `assignments`(`practitioner_id`,`client_id`,`id`);
CREATE INDEX IF NOT EXISTS `idx_assignments_client_due` ON `assignments`(`practitioner_id`,`client_id`,`status`,`due_on`,`id`);
CREATE INDEX IF NOT EXISTS `idx_assignments_client_submitted` ON `assignments`(`practitioner_id`,`client_id`,`submitted_at`,`id`);
DROP INDEX IF EXISTS `idx_assignments_practitioner_id`;
DROP INDEX IF EXISTS `idx_assignments_client_id`;
CREATE INDEX IF NOT EXISTS `idx_scores_owner_client` ON `scores`(`practitioner_id`,`client_id`,`submitted_at`,`id`);
DROP INDEX IF EXISTS `idx_scores_practitioner_id`;
CREATE INDEX IF NOT EXISTS `idx_flags_owner_open` ON `flags`(`practitioner_id`,`acknowledged_at`,`severity`,`created_at`,`id`);
DROP INDEX IF EXISTS `idx_flags_practitioner_id`;
CREATE INDEX IF NOT EXISTS `idx_clients_owner` ON `clients`(`practitioner_id`,`id`);
DROP INDEX IF EXISTS `idx_clients_practitioner_id`;
CREATE INDEX IF NOT EXISTS `idx_notes_owner_client` ON `notes`(`practitioner_id`,`client_id`,`id`);
DROP INDEX IF EXISTS `idx_notes_practitioner_id`;
-- Today's counts by status are kept, not counted: one row per practitioner
-- and status, kept by triggers on every insert, status change and delete of
-- an assignment (whatever code makes it), filled here from the history.
CREATE TABLE `assignment_counts` (`practitioner_id` text,`status` text,`n` integer NOT NULL DEFAULT 0,PRIMARY KEY (`practitioner_id`,`status`));
INSERT INTO `assignment_counts` (`practitioner_id`,`status`,`n`) SELECT `practitioner_id`,`status`,COUNT(*) FROM `assignments` GROUP BY `practitioner_id`,`status`;
CREATE TRIGGER `assignment_counts_insert` AFTER INSERT ON `assignments` BEGIN INSERT OR IGNORE INTO `assignment_counts` (`practitioner_id`,`status`,`n`) VALUES (NEW.`practitioner_id`,NEW.`status`,0); UPDATE `assignment_counts` SET `n` = `n` + 1 WHERE `practitioner_id` = NEW.`practitioner_id` AND `status` = NEW.`status`; END;
CREATE TRIGGER `assignment_counts_update` AFTER UPDATE OF `status`,`practitioner_id` ON `assignments` WHEN OLD.`status` IS NOT NEW.`status` OR OLD.`practitioner_id` IS NOT NEW.`practitioner_id` BEGIN UPDATE `assignment_counts` SET `n` = `n` - 1 WHERE `practitioner_id` = OLD.`practitioner_id` AND `status` = OLD.`status`; INSERT OR IGNORE INTO `assignment_counts` (`practitioner_id`,`status`,`n`) VALUES (NEW.`practitioner_id`,NEW.`status`,0); UPDATE `assignment_counts` SET `n` = `n` + 1 WHERE `practitioner_id` = NEW.`practitioner_id` AND `status` = NEW.`status`; END;
CREATE TRIGGER `assignment_counts_delete` AFTER DELETE ON `assignments` BEGIN UPDATE `assignment_counts` SET `n` = `n` - 1 WHERE `practitioner_id` = OLD.`practitioner_id` AND `status` = OLD.`status`; END;
