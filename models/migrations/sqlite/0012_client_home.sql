-- Step 12: a client's own page. One private link per client (only its hash
-- is kept), the browser sessions it is exchanged for, and the fill
-- sessions entered from that page, which end with its link.
CREATE TABLE `home_links` (`client_id` text,`practitioner_id` text NOT NULL,`token_hash` text NOT NULL,`created_at` datetime,PRIMARY KEY (`client_id`));
CREATE INDEX `idx_home_links_practitioner_id` ON `home_links`(`practitioner_id`);
CREATE UNIQUE INDEX `idx_home_links_token_hash` ON `home_links`(`token_hash`);
CREATE TABLE `home_sessions` (`token_hash` text,`client_id` text NOT NULL,`link_hash` text NOT NULL,`csrf_token` text NOT NULL,`created_at` datetime,`last_seen_at` datetime,PRIMARY KEY (`token_hash`));
CREATE INDEX `idx_home_sessions_client_id` ON `home_sessions`(`client_id`);
ALTER TABLE `fill_sessions` ADD COLUMN `home_session` text NOT NULL DEFAULT "";
