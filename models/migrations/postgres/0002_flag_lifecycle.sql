-- Step 2: flags are raised on drafts too (source), withdrawn when the
-- answer is changed back, and acknowledged with an encrypted action note
-- and who did it. One flag per rule per assignment.
ALTER TABLE "flags" ADD COLUMN "source" varchar(10) NOT NULL DEFAULT 'submitted';
ALTER TABLE "flags" ADD COLUMN "withdrawn_at" timestamptz;
ALTER TABLE "flags" ADD COLUMN "acknowledged_by" varchar(36) NOT NULL DEFAULT '';
ALTER TABLE "flags" ADD COLUMN "ack_note_enc" text NOT NULL DEFAULT '';
CREATE UNIQUE INDEX IF NOT EXISTS "idx_flag_assignment_rule" ON "flags" ("assignment_id","rule");
