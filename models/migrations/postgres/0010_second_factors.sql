-- Step 10: second factors. A practitioner's TOTP secret (encrypted, bound
-- to the row; enabled once confirmed with a first code) and the step of the
-- last code accepted (no code is used twice); one-time recovery codes (only
-- their hashes); the short-lived state between a right password and the
-- code; when a session last had a second factor entered; passkeys
-- (WebAuthn public keys) and the state of a passkey ceremony under way.
ALTER TABLE "practitioners" ADD COLUMN "totp_secret_enc" text NOT NULL DEFAULT '';
ALTER TABLE "practitioners" ADD COLUMN "totp_enabled_at" timestamptz;
ALTER TABLE "practitioners" ADD COLUMN "totp_last_step" bigint NOT NULL DEFAULT 0;
ALTER TABLE "sessions" ADD COLUMN "second_factor_at" timestamptz;
ALTER TABLE "sessions" ADD COLUMN "passkey_state" text NOT NULL DEFAULT '';
CREATE TABLE "recovery_codes" ("id" varchar(36),"practitioner_id" varchar(36) NOT NULL,"code_hash" varchar(64) NOT NULL,"used_at" timestamptz,"created_at" timestamptz,PRIMARY KEY ("id"));
CREATE INDEX IF NOT EXISTS "idx_recovery_codes_practitioner_id" ON "recovery_codes" ("practitioner_id");
CREATE TABLE "login_challenges" ("token_hash" varchar(64),"practitioner_id" varchar(36) NOT NULL,"attempts" bigint NOT NULL DEFAULT 0,"passkey_state" text NOT NULL DEFAULT '',"created_at" timestamptz,PRIMARY KEY ("token_hash"));
CREATE INDEX IF NOT EXISTS "idx_login_challenges_practitioner_id" ON "login_challenges" ("practitioner_id");
CREATE TABLE "passkeys" ("id" varchar(36),"practitioner_id" varchar(36) NOT NULL,"credential_id" varchar(1400) NOT NULL,"name" varchar(100) NOT NULL,"credential" text NOT NULL,"created_at" timestamptz,"last_used_at" timestamptz,PRIMARY KEY ("id"));
CREATE UNIQUE INDEX IF NOT EXISTS "idx_passkeys_credential_id" ON "passkeys" ("credential_id");
CREATE INDEX IF NOT EXISTS "idx_passkeys_practitioner_id" ON "passkeys" ("practitioner_id");
