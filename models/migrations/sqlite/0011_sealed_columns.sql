-- Step 11: less plaintext at rest. Client names, assignment instructions,
-- flag messages and score results (value, band, meaning, note) move to
-- encrypted columns. SQL has no key, so this step moves each value marked
-- 'plain:' into its new column and drops the old one; at the next start,
-- once the keys are settled, models.SealPlaintext encrypts the marked
-- values (and builds the client name index) in batches.
ALTER TABLE `clients` ADD COLUMN `name_enc` text NOT NULL DEFAULT "";
ALTER TABLE `clients` ADD COLUMN `name_index` text NOT NULL DEFAULT "";
UPDATE `clients` SET `name_enc` = 'plain:' || `display_name`;
ALTER TABLE `clients` DROP COLUMN `display_name`;
ALTER TABLE `assignments` ADD COLUMN `instructions_enc` text NOT NULL DEFAULT "";
UPDATE `assignments` SET `instructions_enc` = 'plain:' || `instructions` WHERE `instructions` <> '';
ALTER TABLE `assignments` DROP COLUMN `instructions`;
ALTER TABLE `flags` ADD COLUMN `message_enc` text NOT NULL DEFAULT "";
UPDATE `flags` SET `message_enc` = 'plain:' || `message`;
ALTER TABLE `flags` DROP COLUMN `message`;
ALTER TABLE `scores` ADD COLUMN `result_enc` text NOT NULL DEFAULT "";
UPDATE `scores` SET `result_enc` = 'plain:' || json_object('value', `value`, 'band', `band`, 'meaning', `meaning`, 'note', `note`);
ALTER TABLE `scores` DROP COLUMN `value`;
ALTER TABLE `scores` DROP COLUMN `band`;
ALTER TABLE `scores` DROP COLUMN `meaning`;
ALTER TABLE `scores` DROP COLUMN `note`;
