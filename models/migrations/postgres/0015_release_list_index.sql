-- Step 15: Today's "released today" list reads one practitioner's newest
-- releases from an index on (owner, time), not every release they ever
-- had; the single-column index it begins with goes.
CREATE INDEX IF NOT EXISTS "idx_releases_owner_released" ON "releases" ("practitioner_id","released_at","id");
DROP INDEX IF EXISTS "idx_releases_practitioner_id";
