package models_test

import (
	"context"
	"testing"
	"time"

	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/worksheets"
)

// TestDraftByKnownLink: the one-statement autosave through a known link
// saves only what the full way would have saved in one statement: a stale
// version, a replayed save id, a risk answer, an open flag, and a link
// that expired, was reissued or revoked, or whose assignment was sent or
// cancelled, all change nothing there (the caller then takes the full
// way, which answers them).
func TestDraftByKnownLink(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			env := testenv.New(t, db)
			ctx := context.Background()
			// known is a fresh assignment with draft v1 {stress 1} and
			// its link, resolved once.
			known := func() (pid, id string, link models.KnownLink) {
				p, id, tok := assigned(t, env, "weekly-connection-checkin")
				if _, _, err := env.Store.SaveDraft(ctx, id, 0, worksheets.Answers{"stress": 1.0}); err != nil {
					t.Fatal(err)
				}
				if _, err := env.Store.FillTargetByLink(ctx, tok); err != nil {
					t.Fatal(err)
				}
				link, ok := env.Store.KnownLink(tok)
				if !ok || link.AssignmentID != id {
					t.Fatalf("the link is not known: %+v", link)
				}
				return p.ID, id, link
			}
			save := func(link models.KnownLink, base int, saveID string, ans worksheets.Answers) bool {
				t.Helper()
				_, _, saved, err := env.Store.SaveDraftByLink(ctx, link, base, saveID, ans)
				if err != nil {
					t.Fatal(err)
				}
				return saved
			}
			stored := func(id string, version int, stress float64, what string) {
				t.Helper()
				v, err := env.Store.FillAssignment(ctx, id)
				if err != nil || v.ResponseVersion != version || v.Answers["stress"] != stress {
					t.Fatalf("%s: stored v%d %v (%v), want v%d stress %v", what, v.ResponseVersion, v.Answers, err, version, stress)
				}
			}
			calm := worksheets.Answers{"stress": 9.0}

			_, id, link := known()
			if save(link, 0, "", calm) || save(link, 2, "", calm) {
				t.Fatal("a stale version saved")
			}
			stored(id, 1, 1.0, "stale versions")
			if !save(link, 1, "once", worksheets.Answers{"stress": 2.0}) {
				t.Fatal("the usual autosave did not save")
			}
			stored(id, 2, 2.0, "the usual autosave")
			if save(link, 2, "once", calm) {
				t.Fatal("a replayed save id saved again")
			}
			if save(link, 2, "", worksheets.Answers{"stress": 3.0, "harm_thoughts": true}) {
				t.Fatal("a risk answer saved without its flag")
			}
			stored(id, 2, 2.0, "a replay and a risk answer")
			if _, _, err := env.Store.SaveDraft(ctx, id, 2, worksheets.Answers{"stress": 3.0, "harm_thoughts": true}); err != nil {
				t.Fatal(err)
			}
			if save(link, 3, "", calm) {
				t.Fatal("a save with a flag open saved without withdrawing it")
			}
			stored(id, 3, 3.0, "a flag open")

			pid, id, link := known()
			if _, _, err := env.Store.ReissueLink(ctx, pid, id, models.LinkPolicy{TTL: time.Hour}); err != nil {
				t.Fatal(err)
			}
			if save(link, 1, "", calm) {
				t.Fatal("a reissued link's old token saved")
			}
			stored(id, 1, 1.0, "a reissued link")

			pid, id, link = known()
			if err := env.Store.CancelAssignment(ctx, pid, id); err != nil {
				t.Fatal(err)
			}
			if save(link, 1, "", calm) {
				t.Fatal("a cancelled assignment's link saved")
			}

			pid, id, link = known()
			a, err := env.Store.AssignmentByID(ctx, pid, id)
			if err != nil {
				t.Fatal(err)
			}
			if err := env.Store.ArchiveClient(ctx, pid, a.ClientID); err != nil {
				t.Fatal(err)
			}
			if save(link, 1, "", calm) {
				t.Fatal("a revoked link (its client archived) saved")
			}
			stored(id, 1, 1.0, "a revoked link")

			_, id, link = known()
			if _, _, err := env.Store.Submit(ctx, id, models.Submission{Answers: worksheets.Answers{"stress": 1.0}}); err != nil {
				t.Fatal(err)
			}
			if save(link, 1, "", calm) || save(link, 2, "", calm) { // the send made v2
				t.Fatal("a submitted assignment's draft saved")
			}

			_, id, link = known()
			env.Clock.Advance(721 * time.Hour)
			if save(link, 1, "", calm) {
				t.Fatal("an expired link saved")
			}
			stored(id, 1, 1.0, "an expired link")
		})
	}
}
