-- Step 14: email. A client's address moves to an encrypted column (the
-- plain one stays empty: EncryptClientEmails moves old values at start),
-- with the practitioner's choice to email them and the time they
-- unsubscribed; a practitioner's email settings; the outbox and the
-- encrypted client links reminders carry.
ALTER TABLE "clients" ADD COLUMN "email_enc" text NOT NULL DEFAULT '';
ALTER TABLE "clients" ADD COLUMN "send_email" boolean NOT NULL DEFAULT false;
ALTER TABLE "clients" ADD COLUMN "unsubscribed_at" timestamptz;
ALTER TABLE "practitioners" ADD COLUMN "mail_show_name" boolean NOT NULL DEFAULT false;
ALTER TABLE "practitioners" ADD COLUMN "remind_before" bigint NOT NULL DEFAULT 1;
ALTER TABLE "practitioners" ADD COLUMN "remind_overdue" bigint NOT NULL DEFAULT 1;
ALTER TABLE "practitioners" ADD COLUMN "mail_digest" boolean NOT NULL DEFAULT false;
CREATE TABLE "mail_messages" ("id" varchar(36),"practitioner_id" varchar(36) NOT NULL,"client_id" varchar(36) NOT NULL DEFAULT '',"assignment_id" varchar(36) NOT NULL DEFAULT '',"kind" varchar(20) NOT NULL,"dedupe_key" varchar(200) NOT NULL,"status" varchar(12) NOT NULL,"payload_enc" text NOT NULL DEFAULT '',"unsub_hash" varchar(64) NOT NULL DEFAULT '',"attempts" bigint NOT NULL DEFAULT 0,"last_error" varchar(500) NOT NULL DEFAULT '',"attempted_at" timestamptz,"sent_at" timestamptz,"created_at" timestamptz,"updated_at" timestamptz,PRIMARY KEY ("id"));
CREATE INDEX IF NOT EXISTS "idx_mail_messages_practitioner_id" ON "mail_messages" ("practitioner_id");
CREATE UNIQUE INDEX IF NOT EXISTS "idx_mail_messages_dedupe_key" ON "mail_messages" ("dedupe_key");
CREATE INDEX IF NOT EXISTS "idx_mail_messages_status" ON "mail_messages" ("status");
CREATE INDEX IF NOT EXISTS "idx_mail_messages_unsub_hash" ON "mail_messages" ("unsub_hash");
CREATE TABLE "mail_links" ("assignment_id" varchar(36),"token_enc" text NOT NULL,"created_at" timestamptz,PRIMARY KEY ("assignment_id"));
