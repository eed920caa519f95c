-- Step 5: an admin can set a temporary password that must be changed at
-- the next sign-in; a new client link waits, encrypted, for the one page
-- view that shows it (post/redirect/get), tied to the practitioner's session.
ALTER TABLE "practitioners" ADD COLUMN "must_change_password" boolean NOT NULL DEFAULT false;
CREATE TABLE "link_flashes" ("id" varchar(36),"session_hash" varchar(64) NOT NULL,"practitioner_id" varchar(36) NOT NULL,"assignment_id" varchar(36) NOT NULL,"token_enc" text NOT NULL,"reissued" boolean NOT NULL DEFAULT false,"created_at" timestamptz,PRIMARY KEY ("id"));
CREATE INDEX IF NOT EXISTS "idx_link_flashes_session_hash" ON "link_flashes" ("session_hash");
