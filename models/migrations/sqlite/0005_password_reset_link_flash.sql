-- Step 5: an admin can set a temporary password that must be changed at
-- the next sign-in; a new client link waits, encrypted, for the one page
-- view that shows it (post/redirect/get), tied to the practitioner's session.
ALTER TABLE `practitioners` ADD COLUMN `must_change_password` numeric NOT NULL DEFAULT false;
CREATE TABLE `link_flashes` (`id` text,`session_hash` text NOT NULL,`practitioner_id` text NOT NULL,`assignment_id` text NOT NULL,`token_enc` text NOT NULL,`reissued` numeric NOT NULL DEFAULT false,`created_at` datetime,PRIMARY KEY (`id`));
CREATE INDEX `idx_link_flashes_session_hash` ON `link_flashes`(`session_hash`);
