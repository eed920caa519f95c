-- Step 3: the session summary's period is chosen, not remembered by
-- accident. A client keeps the date of the last session held (a calendar
-- date, midnight UTC, like due dates); the time the last summary PDF was
-- made is no longer kept, as downloading has no side effect.
ALTER TABLE `clients` ADD COLUMN `last_session_on` datetime;
ALTER TABLE `clients` DROP COLUMN `last_summary_at`;
