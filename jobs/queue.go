package jobs

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/rivertype"
	"github.com/tend-health/tend/models"
	"gorm.io/gorm"
)

// Registry collects job handlers and periodic jobs before the queue opens.
type Registry struct {
	workers  *river.Workers
	periodic []*river.PeriodicJob
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry { return &Registry{workers: river.NewWorkers()} }

// Handle registers f as the handler of jobs of type T. An error retries the
// job with backoff until its attempts run out; a handler must be idempotent,
// since a job can run again after a crash.
func Handle[T models.Job](r *Registry, f func(ctx context.Context, args T) error) {
	river.AddWorker(r.workers, river.WorkFunc(func(ctx context.Context, job *river.Job[T]) error {
		return f(context.WithValue(ctx, runningKey{}, &running{
			attempt: job.Attempt,
			max:     job.MaxAttempts,
			complete: func(ctx context.Context, tx *sql.Tx) error {
				_, err := river.JobCompleteTx[*riverdatabasesql.Driver](ctx, tx, job)
				return err
			},
		}), job.Args)
	}))
}

// Every runs job every d on the elected leader (one instance of several),
// and once at start. A period missed while no instance ran is skipped:
// periodic handlers look at the clock and catch up themselves.
func (r *Registry) Every(d time.Duration, job models.Job) {
	r.periodic = append(r.periodic, river.NewPeriodicJob(river.PeriodicInterval(d),
		func() (river.JobArgs, *river.InsertOpts) { return job, nil },
		&river.PeriodicJobOpts{RunOnStart: true}))
}

// Config tunes the queue; zero values take the defaults.
type Config struct {
	// PollInterval is how often idle instances look for new jobs (default 1s):
	// it bounds how late a job enqueued elsewhere starts.
	PollInterval time.Duration
	// MaxAttempts is the default number of tries of a job (default 8).
	MaxAttempts int
	// Workers is how many jobs run at once on this instance (default 4).
	Workers int
	// JobTimeout cancels a job running longer (default 1 min); jobs of a
	// crashed instance are rescued after RescueAfter (default 5 min).
	JobTimeout, RescueAfter time.Duration
	Log                     *slog.Logger
}

// Queue is the job queue of one instance.
type Queue struct {
	client *river.Client[*sql.Tx]
}

// Open builds the queue on db (migrated, see Migrate) with the handlers and
// periodic jobs of reg. It inserts at once; it works jobs after Start.
func Open(db *gorm.DB, reg *Registry, cfg Config) (*Queue, error) {
	sqlDB, err := db.DB()
	if err != nil {
		return nil, fmt.Errorf("jobs: %w", err)
	}
	if cfg.PollInterval <= 0 {
		cfg.PollInterval = time.Second
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = 8
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 4
	}
	if cfg.JobTimeout <= 0 {
		cfg.JobTimeout = time.Minute
	}
	if cfg.RescueAfter < cfg.JobTimeout {
		cfg.RescueAfter = 5 * cfg.JobTimeout
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	rc := &river.Config{
		FetchPollInterval:    cfg.PollInterval,
		FetchCooldown:        min(100*time.Millisecond, cfg.PollInterval),
		MaxAttempts:          cfg.MaxAttempts,
		JobTimeout:           cfg.JobTimeout,
		RescueStuckJobsAfter: cfg.RescueAfter,
		Queues:               map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: cfg.Workers}},
		Workers:              reg.workers,
		PeriodicJobs:         reg.periodic,
		Middleware:           []rivertype.Middleware{&uniqueKeys{}},
		// Warnings and errors only, under Tend's log keys (quietLog); job
		// errors are Tend's own, which name no client data.
		Logger: slog.New(quietLog{cfg.Log.Handler()}),
	}
	client, err := river.NewClient(driver(db, sqlDB), rc)
	if err != nil {
		return nil, fmt.Errorf("jobs: %w", err)
	}
	return &Queue{client: client}, nil
}

// Start works jobs until Stop.
func (q *Queue) Start(ctx context.Context) error { return q.client.Start(ctx) }

// Stop lets running jobs finish (until ctx ends, then cancels them) and
// stops fetching. A cancelled job runs again later.
func (q *Queue) Stop(ctx context.Context) error {
	err := q.client.Stop(ctx)
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return q.client.StopAndCancel(context.Background())
	}
	return err
}

// EnqueueTx inserts job inside tx: it exists once tx commits.
func (q *Queue) EnqueueTx(ctx context.Context, tx *gorm.DB, job models.Job, o models.EnqueueOpts) error {
	sqlTx, err := SQLTx(tx)
	if err != nil {
		return err
	}
	opts := &river.InsertOpts{MaxAttempts: o.MaxAttempts}
	if !o.RunAt.IsZero() {
		opts.ScheduledAt = o.RunAt
	}
	if o.UniqueKey != "" {
		meta, _ := json.Marshal(map[string]string{uniqueMeta: o.UniqueKey})
		opts.Metadata = meta
		opts.UniqueOpts = river.UniqueOpts{ByArgs: true}
	}
	if _, err := q.client.InsertTx(ctx, sqlTx, job, opts); err != nil {
		return fmt.Errorf("jobs: enqueue %s: %w", job.Kind(), err)
	}
	return nil
}

// SQLTx is the *sql.Tx under a GORM transaction, with or without prepared
// statements.
func SQLTx(tx *gorm.DB) (*sql.Tx, error) {
	switch p := tx.Statement.ConnPool.(type) {
	case *sql.Tx:
		return p, nil
	case *gorm.PreparedStmtTX:
		if t, ok := p.Tx.(*sql.Tx); ok {
			return t, nil
		}
	}
	return nil, errors.New("jobs: enqueue needs a transaction (call inside Store's transaction)")
}

// uniqueMeta is the metadata field carrying EnqueueOpts.UniqueKey.
const uniqueMeta = "tend_unique"

// uniqueKeys replaces River's by-args unique key with one made of the
// job's kind and EnqueueOpts.UniqueKey, so callers choose what "the same
// job" means. River still computes which states count as live.
type uniqueKeys struct{ river.MiddlewareDefaults }

func (*uniqueKeys) InsertMany(ctx context.Context, many []*rivertype.JobInsertParams, inner func(context.Context) ([]*rivertype.JobInsertResult, error)) ([]*rivertype.JobInsertResult, error) {
	for _, p := range many {
		var meta map[string]any
		if len(p.Metadata) == 0 || json.Unmarshal(p.Metadata, &meta) != nil {
			continue
		}
		if k, ok := meta[uniqueMeta].(string); ok && k != "" {
			sum := sha256.Sum256([]byte(p.Kind + "\x00" + k))
			p.UniqueKey = sum[:]
		}
	}
	return inner(ctx)
}

type runningKey struct{}

type running struct {
	attempt, max int
	complete     func(context.Context, *sql.Tx) error
}

// Attempt tells a handler which try this is (from 1) and how many it has:
// on the last, a handler records the failure for people to see.
func Attempt(ctx context.Context) (attempt, max int) {
	if r, ok := ctx.Value(runningKey{}).(*running); ok {
		return r.attempt, r.max
	}
	return 1, 1
}

// CompleteTx marks the running job done inside tx, so the job's effect and
// its completion commit together (a crash cannot leave one without the
// other). Outside a handler it does nothing.
func CompleteTx(ctx context.Context, tx *gorm.DB) error {
	r, ok := ctx.Value(runningKey{}).(*running)
	if !ok {
		return nil
	}
	sqlTx, err := SQLTx(tx)
	if err != nil {
		return err
	}
	return r.complete(ctx, sqlTx)
}
