-- Step 16: Today's stamp (TodayStamp). PostgreSQL keeps it empty, with no
-- triggers: its Today is built on every request (see TodayStamp).
CREATE TABLE "today_stamps" ("practitioner_id" varchar(36),"n" bigint NOT NULL DEFAULT 0,PRIMARY KEY ("practitioner_id"));
