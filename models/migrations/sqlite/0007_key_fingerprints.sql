-- Step 7: the database records a fingerprint of every encryption key it has
-- used (HMAC-SHA256 of a constant keyed by the key, never the key), so a
-- start with a missing, wrong or foreign key stops before writing anything.
CREATE TABLE `key_fingerprints` (`key_id` text,`fingerprint` text NOT NULL,`first_seen_at` datetime NOT NULL,PRIMARY KEY (`key_id`));
