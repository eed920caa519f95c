-- Step 12: a client's own page. One private link per client (only its hash
-- is kept), the browser sessions it is exchanged for, and the fill
-- sessions entered from that page, which end with its link.
CREATE TABLE "home_links" ("client_id" varchar(36),"practitioner_id" varchar(36) NOT NULL,"token_hash" varchar(64) NOT NULL,"created_at" timestamptz,PRIMARY KEY ("client_id"));
CREATE INDEX IF NOT EXISTS "idx_home_links_practitioner_id" ON "home_links" ("practitioner_id");
CREATE UNIQUE INDEX IF NOT EXISTS "idx_home_links_token_hash" ON "home_links" ("token_hash");
CREATE TABLE "home_sessions" ("token_hash" varchar(64),"client_id" varchar(36) NOT NULL,"link_hash" varchar(64) NOT NULL,"csrf_token" varchar(64) NOT NULL,"created_at" timestamptz,"last_seen_at" timestamptz,PRIMARY KEY ("token_hash"));
CREATE INDEX IF NOT EXISTS "idx_home_sessions_client_id" ON "home_sessions" ("client_id");
ALTER TABLE "fill_sessions" ADD COLUMN "home_session" varchar(64) NOT NULL DEFAULT '';
