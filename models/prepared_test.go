package models_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/worksheets"
	"gorm.io/gorm"
)

// TestPreparedNoDeadlock: the autosave's own prepared statements never
// deadlock the write pool (one connection on SQLite). While a transaction
// holds that connection, autosaves preparing their statements wait for it
// holding nothing the transaction needs: the store still answers inside
// it, and they all finish once it commits. Then 8 clients autosave at once,
// with risk answers (flags, in a transaction), first saves and stale tabs
// mixed in: every save ends (saved or a conflict) and each draft's version
// counts exactly the saves acknowledged.
func TestPreparedNoDeadlock(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			env := testenv.New(t, db)
			ctx := context.Background()
			const clients = 8
			ids := checkIns(t, env, clients)
			for i, id := range ids {
				if i%2 == 0 { // half start with a draft, half make their first save below
					if _, _, err := env.Store.SaveDraft(ctx, id, 0, worksheets.Answers{"stress": 1.0}); err != nil {
						t.Fatal(err)
					}
				}
			}
			// A deadlock stops the test binary at once, naming what hung,
			// with every goroutine's stack: a deadlocked store cannot even
			// close, so failing the test would hang in its cleanup.
			within := func(what string, done <-chan struct{}) {
				select {
				case <-done:
				case <-time.After(2 * time.Minute):
					stacks := make([]byte, 1<<20)
					stacks = stacks[:runtime.Stack(stacks, true)]
					fmt.Fprintf(os.Stderr, "--- FAIL: %s: deadlock: %s never finished\n%s", t.Name(), what, stacks)
					os.Exit(1)
				}
			}

			// A transaction holds the write connection while autosaves
			// prepare their statements.
			sqlDB, err := env.Store.DB().DB()
			if err != nil {
				t.Fatal(err)
			}
			waited := sqlDB.Stats().WaitCount
			saved := make(chan error, clients)
			txDone := make(chan struct{})
			go func() {
				defer close(txDone)
				err := env.Store.DB().Transaction(func(tx *gorm.DB) error {
					for i := 0; i < clients; i += 2 {
						go func() {
							_, _, err := env.Store.SaveDraft(ctx, ids[i], 1, worksheets.Answers{"stress": 2.0})
							saved <- err
						}()
					}
					// On one connection the saves now wait for it.
					for end := time.Now().Add(time.Minute); env.DBName == "sqlite" && sqlDB.Stats().WaitCount == waited && time.Now().Before(end); {
						time.Sleep(time.Millisecond)
					}
					if env.DBName == "sqlite" && sqlDB.Stats().WaitCount == waited {
						t.Error("no autosave waited for the connection the transaction holds")
					}
					if _, err := env.Store.FillTarget(ctx, ids[1]); err != nil {
						return fmt.Errorf("the store inside the transaction: %w", err)
					}
					return tx.Exec("UPDATE clients SET updated_at = updated_at WHERE id = (SELECT client_id FROM assignments WHERE id = ?)", ids[0]).Error
				})
				if err != nil {
					t.Error(err)
				}
			}()
			within("a transaction while autosaves prepared", txDone)
			for i := 0; i < clients; i += 2 {
				done := make(chan struct{})
				var err error
				go func() { err = <-saved; close(done) }()
				within("an autosave that waited for the transaction", done)
				if err != nil {
					t.Fatalf("an autosave that waited for the transaction: %v", err)
				}
			}

			// Then everyone at once: each client saves 30 times from what
			// it last read, a risk answer every 5th save; a stale tab
			// of each client keeps saving on version 1.
			acked, staleAcked := make([]int, clients), make([]int, clients)
			var wg sync.WaitGroup
			errs := make(chan error, 4*clients)
			// tab saves n times on the version base picks, counting in
			// acked the saves acknowledged; conflicts are expected.
			tab := func(id string, n int, acked *int, base func(*models.FillTarget) int, save func(n int) (string, worksheets.Answers)) {
				defer wg.Done()
				for k := 0; k < n; k++ {
					target, err := env.Store.FillTarget(ctx, id)
					if err != nil {
						errs <- err
						return
					}
					saveID, ans := save(k)
					_, _, err = env.Store.SaveDraftOnce(ctx, target, base(target), saveID, ans)
					var dc *models.DraftConflict
					switch {
					case err == nil:
						*acked++
					case !errors.As(err, &dc):
						errs <- err
						return
					}
				}
			}
			for i, id := range ids {
				wg.Add(2)
				go tab(id, 30, &acked[i], func(t *models.FillTarget) int { return t.Version }, func(n int) (string, worksheets.Answers) {
					return fmt.Sprintf("c%d-%d", i, n), worksheets.Answers{"stress": float64(n % 10), "harm_thoughts": n%5 == 4}
				})
				go tab(id, 10, &staleAcked[i], func(*models.FillTarget) int { return 1 }, func(int) (string, worksheets.Answers) {
					return "", worksheets.Answers{"stress": 9.0}
				})
			}
			all := make(chan struct{})
			go func() { wg.Wait(); close(all) }()
			within("8 clients autosaving at once", all)
			close(errs)
			for err := range errs {
				t.Error(err)
			}
			for i, id := range ids {
				target, err := env.Store.FillTarget(ctx, id)
				if err != nil {
					t.Fatal(err)
				}
				// Every acknowledged save made exactly one version: from
				// v2 (a draft, saved again during the transaction) or none.
				before := 0
				if i%2 == 0 {
					before = 2
				}
				if want := before + acked[i] + staleAcked[i]; target.Version != want {
					t.Errorf("client %d: draft at v%d after %d+%d acknowledged saves from v%d", i, target.Version, acked[i], staleAcked[i], before)
				}
			}
		})
	}
}
