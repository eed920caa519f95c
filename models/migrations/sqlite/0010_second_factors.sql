-- Step 10: second factors. A practitioner's TOTP secret (encrypted, bound
-- to the row; enabled once confirmed with a first code) and the step of the
-- last code accepted (no code is used twice); one-time recovery codes (only
-- their hashes); the short-lived state between a right password and the
-- code; when a session last had a second factor entered; passkeys
-- (WebAuthn public keys) and the state of a passkey ceremony under way.
ALTER TABLE `practitioners` ADD COLUMN `totp_secret_enc` text NOT NULL DEFAULT "";
ALTER TABLE `practitioners` ADD COLUMN `totp_enabled_at` datetime;
ALTER TABLE `practitioners` ADD COLUMN `totp_last_step` integer NOT NULL DEFAULT 0;
ALTER TABLE `sessions` ADD COLUMN `second_factor_at` datetime;
ALTER TABLE `sessions` ADD COLUMN `passkey_state` text NOT NULL DEFAULT "";
CREATE TABLE `recovery_codes` (`id` text,`practitioner_id` text NOT NULL,`code_hash` text NOT NULL,`used_at` datetime,`created_at` datetime,PRIMARY KEY (`id`));
CREATE INDEX `idx_recovery_codes_practitioner_id` ON `recovery_codes`(`practitioner_id`);
CREATE TABLE `login_challenges` (`token_hash` text,`practitioner_id` text NOT NULL,`attempts` integer NOT NULL DEFAULT 0,`passkey_state` text NOT NULL DEFAULT "",`created_at` datetime,PRIMARY KEY (`token_hash`));
CREATE INDEX `idx_login_challenges_practitioner_id` ON `login_challenges`(`practitioner_id`);
CREATE TABLE `passkeys` (`id` text,`practitioner_id` text NOT NULL,`credential_id` text NOT NULL,`name` text NOT NULL,`credential` text NOT NULL,`created_at` datetime,`last_used_at` datetime,PRIMARY KEY (`id`));
CREATE UNIQUE INDEX `idx_passkeys_credential_id` ON `passkeys`(`credential_id`);
CREATE INDEX `idx_passkeys_practitioner_id` ON `passkeys`(`practitioner_id`);
