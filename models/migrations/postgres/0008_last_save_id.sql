-- Step 9: the client-generated id of the last committed draft save, so a
-- retried save whose response was lost answers 200 with the version it
-- already made instead of a conflict with itself.
ALTER TABLE "responses" ADD COLUMN "last_save_id" varchar(100) NOT NULL DEFAULT '';
