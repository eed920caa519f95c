-- Step 14: email. A client's address moves to an encrypted column (the
-- plain one stays empty: EncryptClientEmails moves old values at start),
-- with the practitioner's choice to email them and the time they
-- unsubscribed; a practitioner's email settings; the outbox and the
-- encrypted client links reminders carry.
ALTER TABLE `clients` ADD COLUMN `email_enc` text NOT NULL DEFAULT "";
ALTER TABLE `clients` ADD COLUMN `send_email` numeric NOT NULL DEFAULT false;
ALTER TABLE `clients` ADD COLUMN `unsubscribed_at` datetime;
ALTER TABLE `practitioners` ADD COLUMN `mail_show_name` numeric NOT NULL DEFAULT false;
ALTER TABLE `practitioners` ADD COLUMN `remind_before` integer NOT NULL DEFAULT 1;
ALTER TABLE `practitioners` ADD COLUMN `remind_overdue` integer NOT NULL DEFAULT 1;
ALTER TABLE `practitioners` ADD COLUMN `mail_digest` numeric NOT NULL DEFAULT false;
CREATE TABLE `mail_messages` (`id` text,`practitioner_id` text NOT NULL,`client_id` text NOT NULL DEFAULT "",`assignment_id` text NOT NULL DEFAULT "",`kind` text NOT NULL,`dedupe_key` text NOT NULL,`status` text NOT NULL,`payload_enc` text NOT NULL DEFAULT "",`unsub_hash` text NOT NULL DEFAULT "",`attempts` integer NOT NULL DEFAULT 0,`last_error` text NOT NULL DEFAULT "",`attempted_at` datetime,`sent_at` datetime,`created_at` datetime,`updated_at` datetime,PRIMARY KEY (`id`));
CREATE INDEX `idx_mail_messages_practitioner_id` ON `mail_messages`(`practitioner_id`);
CREATE UNIQUE INDEX `idx_mail_messages_dedupe_key` ON `mail_messages`(`dedupe_key`);
CREATE INDEX `idx_mail_messages_status` ON `mail_messages`(`status`);
CREATE INDEX `idx_mail_messages_unsub_hash` ON `mail_messages`(`unsub_hash`);
CREATE TABLE `mail_links` (`assignment_id` text,`token_enc` text NOT NULL,`created_at` datetime,PRIMARY KEY (`assignment_id`));
