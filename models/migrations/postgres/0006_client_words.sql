-- Step 6: what a practitioner's clients are told. response_time says
-- roughly when answers are read ("" means the default, "before your next
-- session"); crisis_text overrides the server-wide crisis contacts for this
-- practitioner's clients ("" means the server's TEND_CRISIS_TEXT).
ALTER TABLE "practitioners" ADD COLUMN "response_time" varchar(120) NOT NULL DEFAULT '';
ALTER TABLE "practitioners" ADD COLUMN "crisis_text" varchar(2000) NOT NULL DEFAULT '';
