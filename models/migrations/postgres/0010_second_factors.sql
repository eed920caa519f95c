-- Step 10: second factors. A practitioner's TOTP secret (encrypted, bound
-- to the row; enabled once confirmed with a first code) and the step of the
-- last code accepted (no code is used twice); one-time recovery codes (only
-- their hashes); the short-lived state between a right password and the
-- code; and when a session last had a second factor entered.
ALTER TABLE "practitioners" ADD COLUMN "totp_secret_enc" text NOT NULL DEFAULT '';
ALTER TABLE "practitioners" ADD COLUMN "totp_enabled_at" timestamptz;
ALTER TABLE "practitioners" ADD COLUMN "totp_last_step" bigint NOT NULL DEFAULT 0;
ALTER TABLE "sessions" ADD COLUMN "second_factor_at" timestamptz;
CREATE TABLE "recovery_codes" ("id" varchar(36),"practitioner_id" varchar(36) NOT NULL,"code_hash" varchar(64) NOT NULL,"used_at" timestamptz,"created_at" timestamptz,PRIMARY KEY ("id"));
CREATE INDEX IF NOT EXISTS "idx_recovery_codes_practitioner_id" ON "recovery_codes" ("practitioner_id");
CREATE TABLE "login_challenges" ("token_hash" varchar(64),"practitioner_id" varchar(36) NOT NULL,"attempts" bigint NOT NULL DEFAULT 0,"created_at" timestamptz,PRIMARY KEY ("token_hash"));
CREATE INDEX IF NOT EXISTS "idx_login_challenges_practitioner_id" ON "login_challenges" ("practitioner_id");
