package models_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/worksheets"
)

// draftRetry (in TestDraftVersions): a save committed but its answer was
// lost; its retry (same save id, same base version) gets the version and
// time it made, not a conflict, and changes nothing. Any other save on the
// stale version still conflicts.
func draftRetry(t *testing.T, env *testenv.Env) {
	t.Parallel()
	ctx := context.Background()
	_, id, _ := assigned(t, env, "weekly-connection-checkin")
	save := func(base int, saveID string, ans worksheets.Answers) (int, time.Time, error) {
		t.Helper()
		target, err := env.Store.FillTarget(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return env.Store.SaveDraftOnce(ctx, target, base, saveID, ans)
	}
	for _, base := range []int{0, 1} {
		ans := worksheets.Answers{"stress": float64(base + 3)}
		v, at, err := save(base, "save-a"+string(rune('0'+base)), ans)
		if err != nil || v != base+1 {
			t.Fatalf("save on v%d: %d %v", base, v, err)
		}
		env.Clock.Advance(5e9)
		rv, rat, err := save(base, "save-a"+string(rune('0'+base)), ans)
		if err != nil || rv != v || !rat.Equal(at) {
			t.Fatalf("retry on v%d: v%d at %v (%v), want v%d at %v", base, rv, rat, err, v, at)
		}
	}
	var dc *models.DraftConflict
	if _, _, err := save(1, "other-tab", worksheets.Answers{"stress": 9.0}); !errors.As(err, &dc) || dc.Version != 2 {
		t.Fatalf("another save on a stale version: %v, want a conflict at v2", err)
	}
	if _, _, err := env.Store.SaveDraft(ctx, id, 2, worksheets.Answers{"stress": 1.0}); err != nil {
		t.Fatal(err)
	}
	// Once another save committed after it, the retry is stale too.
	if _, _, err := save(1, "save-a1", worksheets.Answers{"stress": 4.0}); !errors.As(err, &dc) || dc.Version != 3 {
		t.Fatalf("retry after another save: %v, want a conflict at v3", err)
	}
	v, _ := env.Store.FillAssignment(ctx, id)
	if v.ResponseVersion != 3 || v.Answers["stress"] != 1.0 {
		t.Fatalf("stored v%d %v, want v3 stress 1", v.ResponseVersion, v.Answers)
	}
}

// firstSaveRace (in TestDraftVersions): two tabs race on the very first
// save, 100 times; each time exactly one wins and the other's conflict
// carries the winner's version and answers (never version 0 and nothing).
func firstSaveRace(t *testing.T, env *testenv.Env) {
	t.Parallel()
	ctx := context.Background()
	p, _, _ := assigned(t, env, "weekly-connection-checkin")
	name := "Racing tabs"
	c, err := env.Store.CreateClient(ctx, p.ID, models.ClientInput{DisplayName: &name})
	if err != nil {
		t.Fatal(err)
	}
	const races = 100
	bad := 0
	for i := 0; i < races; i++ {
		a, _, err := env.Store.CreateAssignment(ctx, p.ID, models.NewAssignment{ClientID: c.ID, WorksheetKey: "weekly-connection-checkin"},
			models.LinkPolicy{TTL: 720 * 3600e9})
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		errs := make([]error, 2)
		start := make(chan struct{})
		for tab := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, _, errs[tab] = env.Store.SaveDraft(ctx, a.ID, 0, worksheets.Answers{"stress": float64(tab + 1)})
			}()
		}
		close(start)
		wg.Wait()
		var dc *models.DraftConflict
		switch {
		case errs[0] == nil && errors.As(errs[1], &dc) && dc.Version == 1 && dc.Answers["stress"] == 1.0:
		case errs[1] == nil && errors.As(errs[0], &dc) && dc.Version == 1 && dc.Answers["stress"] == 2.0:
		default:
			if bad++; bad <= 3 {
				t.Errorf("race %d: %v / %v (conflict %+v)", i, errs[0], errs[1], dc)
			}
		}
	}
	if bad > 0 {
		t.Fatalf("%d of %d first-save races did not end with one save and one conflict carrying it", bad, races)
	}
}
