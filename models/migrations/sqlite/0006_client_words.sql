-- Step 6: what a practitioner's clients are told. response_time says
-- roughly when answers are read ("" means the default, "before your next
-- session"); crisis_text overrides the server-wide crisis contacts for this
-- practitioner's clients ("" means the server's TEND_CRISIS_TEXT).
ALTER TABLE `practitioners` ADD COLUMN `response_time` text NOT NULL DEFAULT "";
ALTER TABLE `practitioners` ADD COLUMN `crisis_text` text NOT NULL DEFAULT "";
