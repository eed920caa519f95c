package jobs_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/jobs"
	"github.com/tend-health/tend/models"
	"gorm.io/gorm"
)

type ping struct{ N int }

func (ping) Kind() string { return "test_ping" }

type mark struct{ N int }

func (mark) Kind() string { return "test_mark" }

// seen records what handlers ran, safely across the queue's goroutines.
type seen struct {
	mu sync.Mutex
	n  map[int]int
}

func (s *seen) add(n int) { s.mu.Lock(); s.n[n]++; s.mu.Unlock() }
func (s *seen) get(n int) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n[n]
}

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	for end := time.Now().Add(20 * time.Second); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
		if ok() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

// startQueue opens a queue of its own on the test's database with the
// test's handlers (the app's queue has the app's).
func startQueue(t *testing.T, env *testenv.Env, reg *jobs.Registry) *jobs.Queue {
	q, err := jobs.Open(env.Store.DB(), reg, jobs.Config{PollInterval: 50 * time.Millisecond, MaxAttempts: 3})
	if err != nil {
		t.Fatal(err)
	}
	if err := q.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		q.Stop(ctx)
	})
	return q
}

func TestEnqueuedWithTheChangeThatCausesIt(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			env := testenv.New(t, db)
			got := &seen{n: map[int]int{}}
			reg := jobs.NewRegistry()
			jobs.Handle(reg, func(_ context.Context, p ping) error { got.add(p.N); return nil })
			q := startQueue(t, env, reg)
			ctx := context.Background()
			gdb := env.Store.DB().WithContext(ctx)

			// Committed: the job runs. Rolled back: it never existed.
			if err := gdb.Transaction(func(tx *gorm.DB) error {
				return q.EnqueueTx(ctx, tx, ping{1}, models.EnqueueOpts{})
			}); err != nil {
				t.Fatal(err)
			}
			rollback := errors.New("rolled back")
			if err := gdb.Transaction(func(tx *gorm.DB) error {
				if err := q.EnqueueTx(ctx, tx, ping{2}, models.EnqueueOpts{}); err != nil {
					return err
				}
				return rollback
			}); !errors.Is(err, rollback) {
				t.Fatal(err)
			}
			// Unique key: three enqueues of one key (with different
			// arguments) run once.
			for n := 3; n <= 5; n++ {
				if err := gdb.Transaction(func(tx *gorm.DB) error {
					return q.EnqueueTx(ctx, tx, ping{n}, models.EnqueueOpts{UniqueKey: "reminder:a1:1"})
				}); err != nil {
					t.Fatal(err)
				}
			}
			waitFor(t, "jobs 1 and 3", func() bool { return got.get(1) == 1 && got.get(3) == 1 })
			time.Sleep(300 * time.Millisecond) // time for a wrong second run to show
			if u := got.get(3) + got.get(4) + got.get(5); got.get(1) != 1 || got.get(2) != 0 || u != 1 {
				t.Fatalf("runs: committed %d (want 1), rolled back %d (want 0), one unique key %d (want 1)", got.get(1), got.get(2), u)
			}
		})
	}
}

func TestCompleteTxCommitsWithTheEffect(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			env := testenv.New(t, db)
			gdb := env.Store.DB()
			if err := gdb.Exec("CREATE TABLE test_marks (n integer PRIMARY KEY)").Error; err != nil {
				t.Fatal(err)
			}
			tries := &seen{n: map[int]int{}}
			reg := jobs.NewRegistry()
			jobs.Handle(reg, func(ctx context.Context, m mark) error {
				tries.add(m.N)
				if a, _ := jobs.Attempt(ctx); a == 1 && m.N == 2 {
					return errors.New("first try fails") // retried with backoff
				}
				return gdb.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
					if err := tx.Exec("INSERT INTO test_marks (n) VALUES (?)", m.N).Error; err != nil {
						return err
					}
					return jobs.CompleteTx(ctx, tx)
				})
			})
			q := startQueue(t, env, reg)
			ctx := context.Background()
			for _, n := range []int{1, 2} {
				if err := gdb.Transaction(func(tx *gorm.DB) error { return q.EnqueueTx(ctx, tx, mark{n}, models.EnqueueOpts{}) }); err != nil {
					t.Fatal(err)
				}
			}
			waitFor(t, "both marks", func() bool {
				var c int64
				gdb.Raw("SELECT count(*) FROM test_marks").Scan(&c)
				return c == 2
			})
			var done int64
			waitFor(t, "both jobs completed", func() bool {
				gdb.Raw("SELECT count(*) FROM river_job WHERE kind = 'test_mark' AND state = 'completed'").Scan(&done)
				return done == 2
			})
			if tries.get(1) != 1 || tries.get(2) != 2 {
				t.Fatalf("tries: %d and %d, want 1 and 2 (one retry after an error)", tries.get(1), tries.get(2))
			}
		})
	}
}

// The app's own queue runs housekeeping at start, as a periodic job.
func TestHousekeepingIsAPeriodicJob(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			env := testenv.New(t, db)
			env.StartJobs()
			waitFor(t, "a completed housekeeping job", func() bool {
				var c int64
				env.Store.DB().Raw("SELECT count(*) FROM river_job WHERE kind = 'housekeeping' AND state = 'completed'").Scan(&c)
				return c == 1
			})
		})
	}
}
