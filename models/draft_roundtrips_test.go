package models_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/worksheets"
	"gorm.io/gorm"
)

// eachDraft runs test on each database with a weekly check-in assigned
// and its first draft (version 1) saved: its id and link token.
func eachDraft(t *testing.T, test func(t *testing.T, env *testenv.Env, id, tok string)) {
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			env := testenv.New(t, db)
			_, id, tok := assigned(t, env, "weekly-connection-checkin")
			if _, _, err := env.Store.SaveDraft(context.Background(), id, 0, worksheets.Answers{"stress": 1.0}); err != nil {
				t.Fatal(err)
			}
			test(t, env, id, tok)
		})
	}
}

// TestDraftSaveRoundTrips: a client's autosave through the API (a draft
// already stored, no risk answer) is, the first time this process sees
// the link, one read of what it needs, made by the same statement that
// checks the link, and one write guarded by the version; once the link is
// known, it is that one write alone, which checks the link too. Neither
// reads the stored answers back. A risk answer still raises its flag in
// the same save.
func TestDraftSaveRoundTrips(t *testing.T) {
	t.Parallel()
	eachDraft(t, func(t *testing.T, env *testenv.Env, id, tok string) {
		ctx := context.Background()
		var mu sync.Mutex
		var stmts []string
		count := func(sql string) {
			mu.Lock()
			stmts = append(stmts, sql)
			mu.Unlock()
		}
		ran := func() []string {
			mu.Lock()
			defer mu.Unlock()
			got := stmts
			stmts = nil
			return got
		}
		env.Store.OnPrepared(count)
		countGORM := func(tx *gorm.DB) { count(tx.Statement.SQL.String()) }
		cb := env.Store.DB().Callback()
		for _, err := range []error{cb.Query().After("gorm:query").Register("test:count", countGORM),
			cb.Update().After("gorm:update").Register("test:count", countGORM),
			cb.Create().After("gorm:create").Register("test:count", countGORM),
			cb.Raw().After("gorm:raw").Register("test:count", countGORM),
			cb.Row().After("gorm:row").Register("test:count", countGORM)} {
			if err != nil {
				t.Fatal(err)
			}
		}
		if _, ok := env.Store.KnownLink(tok); ok {
			t.Fatal("a link nobody resolved yet is known")
		}
		target, err := env.Store.FillTargetByLink(ctx, tok)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := env.Store.SaveDraftOnce(ctx, target, 1, "", worksheets.Answers{"stress": 4.0}); err != nil {
			t.Fatal(err)
		}
		got := ran()
		if len(got) != 2 || !strings.HasPrefix(got[0], "SELECT") || !strings.HasPrefix(got[1], "UPDATE") {
			t.Fatalf("an autosave ran %d statements, want one read and one write:\n%s", len(got), strings.Join(got, "\n"))
		}
		if strings.Contains(got[0], "answers_enc") {
			t.Errorf("the autosave read the stored answers: %s", got[0])
		}
		link, ok := env.Store.KnownLink(tok)
		if !ok || link.AssignmentID != id {
			t.Fatalf("the resolved link is not known: %+v %v", link, ok)
		}
		v, _, saved, err := env.Store.SaveDraftByLink(ctx, link, 2, "s3", worksheets.Answers{"stress": 5.0})
		if err != nil || !saved || v != 3 {
			t.Fatalf("save through the known link: v%d %v %v", v, saved, err)
		}
		if got := ran(); len(got) != 1 || !strings.HasPrefix(got[0], "UPDATE") {
			t.Fatalf("an autosave through a known link ran %d statements, want one write:\n%s", len(got), strings.Join(got, "\n"))
		}
		if _, _, err := env.Store.SaveDraft(ctx, id, 3, worksheets.Answers{"stress": 4.0, "harm_thoughts": true}); err != nil {
			t.Fatal(err)
		}
		av, err := env.Store.FillAssignment(ctx, id)
		if err != nil || len(av.Flags) == 0 || !av.Flags[0].Draft() || av.Answers["stress"] != 4.0 {
			t.Fatalf("a risk answer in an autosave raised no draft flag: %+v %v", av, err)
		}
	})
}

// TestDraftVersionGuard: a save that read the draft at version 1 writes
// only if the draft is still at version 1 when it writes. Here another
// save commits version 2 between that read and that write: the late save
// gets a conflict carrying version 2, and version 2 is what stays stored.
func TestDraftVersionGuard(t *testing.T) {
	t.Parallel()
	eachDraft(t, func(t *testing.T, env *testenv.Env, id, tok string) {
		ctx := context.Background()
		late, err := env.Store.FillTargetByLink(ctx, tok)
		if err != nil || late.Version != 1 {
			t.Fatalf("read at v1: %+v %v", late, err)
		}
		if v, _, err := env.Store.SaveDraft(ctx, id, 1, worksheets.Answers{"stress": 2.0}); err != nil || v != 2 {
			t.Fatalf("the other save: v%d %v", v, err)
		}
		_, _, err = env.Store.SaveDraftOnce(ctx, late, 1, "late", worksheets.Answers{"stress": 9.0})
		var dc *models.DraftConflict
		if !errors.As(err, &dc) || dc.Version != 2 || dc.Answers["stress"] != 2.0 {
			t.Fatalf("the late save: %v (%+v), want a conflict carrying v2", err, dc)
		}
		v, err := env.Store.FillAssignment(ctx, id)
		if err != nil || v.ResponseVersion != 2 || v.Answers["stress"] != 2.0 {
			t.Fatalf("stored: v%d %v (%v), want v2 stress 2", v.ResponseVersion, v.Answers, err)
		}
	})
}
