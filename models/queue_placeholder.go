package models

// PLACEHOLDER until the lead's jobs branch lands on main: the exact API
// announced for package models. Delete this file after `git merge main`.

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// Job is a job's arguments.
type Job interface{ Kind() string }

// Enqueuer inserts jobs inside an open transaction.
type Enqueuer interface {
	EnqueueTx(ctx context.Context, tx *gorm.DB, job Job, o EnqueueOpts) error
}

// EnqueueOpts adjust one job.
type EnqueueOpts struct {
	RunAt       time.Time
	UniqueKey   string
	MaxAttempts int
}

var placeholderQueue = map[*Store]Enqueuer{}

// SetQueue sets the store's queue.
func (s *Store) SetQueue(q Enqueuer) { placeholderQueue[s] = q }

// EnqueueTx enqueues job in tx; a no-op without a queue.
func (s *Store) EnqueueTx(ctx context.Context, tx *gorm.DB, job Job, o EnqueueOpts) error {
	if q := placeholderQueue[s]; q != nil {
		return q.EnqueueTx(ctx, tx, job, o)
	}
	return nil
}
