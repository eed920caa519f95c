-- Step 4: a score scored with some items unanswered is marked prorated.
ALTER TABLE `scores` ADD `prorated` numeric NOT NULL DEFAULT false;
