// Package jobs owns Tend's durable job queue: River on Tend's own database
// (SQLite through riversqlite on the one write connection; PostgreSQL
// through riverdatabasesql over GORM's *sql.DB), River's own tables and
// their migration, the registry of job handlers and periodic jobs, and
// enqueueing inside the transaction of the change that causes a job.
//
// Why River and not a loop of our own: it brings what a home-made loop
// would have to grow and prove — retries with backoff, jobs scheduled for
// later, unique jobs, periodic jobs run by one elected leader when several
// instances share a PostgreSQL, and rescue of jobs whose worker died — and
// it was measured here on both databases (../shared/reference/
// dependencies.md, section 7). Correctness never rests on River running a
// job exactly once: jobs may run twice after a crash, so every handler is
// idempotent (unique keys in our own tables, state checks in the same
// transaction, or CompleteTx).
//
// Job argument types live in models, beside the mutations that enqueue
// them; handlers are registered by app. This package may import models,
// never handlers, app or cli.
package jobs
