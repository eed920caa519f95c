package models_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/worksheets"
	"gorm.io/gorm"
)

// TestDraftSaveRoundTrips: a client's autosave (a draft already stored,
// no risk answer) is one read of what it needs and one write guarded by
// the version, and never reads the stored answers back. A risk answer
// still raises its flag in the same save.
func TestDraftSaveRoundTrips(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			env := testenv.New(t, db)
			ctx := context.Background()
			_, id, _ := assigned(t, env, "weekly-connection-checkin")
			if _, _, err := env.Store.SaveDraft(ctx, id, 0, worksheets.Answers{"stress": 3.0}); err != nil {
				t.Fatal(err)
			}
			var mu sync.Mutex
			var stmts []string
			count := func(tx *gorm.DB) {
				mu.Lock()
				stmts = append(stmts, tx.Statement.SQL.String())
				mu.Unlock()
			}
			cb := env.Store.DB().Callback()
			for _, err := range []error{cb.Query().After("gorm:query").Register("test:count", count),
				cb.Update().After("gorm:update").Register("test:count", count),
				cb.Create().After("gorm:create").Register("test:count", count),
				cb.Raw().After("gorm:raw").Register("test:count", count),
				cb.Row().After("gorm:row").Register("test:count", count)} {
				if err != nil {
					t.Fatal(err)
				}
			}
			if _, _, err := env.Store.SaveDraft(ctx, id, 1, worksheets.Answers{"stress": 4.0}); err != nil {
				t.Fatal(err)
			}
			mu.Lock()
			got := stmts
			stmts = nil
			mu.Unlock()
			if len(got) != 2 || !strings.HasPrefix(got[0], "SELECT") || !strings.HasPrefix(got[1], "UPDATE") {
				t.Fatalf("an autosave ran %d statements, want one read and one write:\n%s", len(got), strings.Join(got, "\n"))
			}
			if strings.Contains(got[0], "answers_enc") {
				t.Errorf("the autosave read the stored answers: %s", got[0])
			}
			if _, _, err := env.Store.SaveDraft(ctx, id, 2, worksheets.Answers{"stress": 4.0, "harm_thoughts": true}); err != nil {
				t.Fatal(err)
			}
			v, err := env.Store.FillAssignment(ctx, id)
			if err != nil || len(v.Flags) == 0 || !v.Flags[0].Draft() {
				t.Fatalf("a risk answer in an autosave raised no draft flag: %+v %v", v, err)
			}
		})
	}
}
