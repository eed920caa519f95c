package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// Job is the arguments of work to be done later, by the job queue (package
// jobs). Kind names the work; the struct is stored as JSON. Job types live
// here, beside the changes that cause them, so a mutation can enqueue its
// follow-up work inside its own transaction.
type Job interface{ Kind() string }

// EnqueueOpts adjust one enqueued job.
type EnqueueOpts struct {
	// RunAt delays the job until this wall-clock time (zero: as soon as
	// possible). The queue runs on real time, not the store's clock: work
	// that depends on the store's clock (reminders, releases) is found by a
	// periodic job that asks the store what is due.
	RunAt time.Time
	// UniqueKey, when set, allows at most one job of this kind and key
	// (queued, running, retrying or completed and not yet cleaned up): a
	// second enqueue with the same key does nothing.
	UniqueKey string
	// MaxAttempts overrides the queue's default number of tries.
	MaxAttempts int
}

// Enqueuer inserts jobs within a database transaction: committed, the job
// runs; rolled back, it never existed.
type Enqueuer interface {
	EnqueueTx(ctx context.Context, tx *gorm.DB, job Job, o EnqueueOpts) error
}

// SetQueue connects the store to the job queue. Without one (commands that
// only read or migrate), EnqueueTx does nothing.
func (s *Store) SetQueue(q Enqueuer) { s.queue = q }

// EnqueueTx enqueues job inside tx, the transaction of the change that
// causes it. On SQLite this is the only safe way to enqueue while a
// transaction is open: the queue shares the one write connection.
func (s *Store) EnqueueTx(ctx context.Context, tx *gorm.DB, job Job, o EnqueueOpts) error {
	if s.queue == nil {
		return nil
	}
	return s.queue.EnqueueTx(ctx, tx, job, o)
}

// Housekeeping is the hourly job that deletes what has expired (Housekeep).
type Housekeeping struct{}

// Kind names the job.
func (Housekeeping) Kind() string { return "housekeeping" }
