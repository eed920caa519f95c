package models_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/worksheets"
)

func TestHousekeepRemovesOnlyExpired(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			env := testenv.New(t, db)
			ctx := context.Background()
			p := env.NewPractitioner("Keeper", false)
			env.Store.CreateSession(ctx, p.ID)
			env.Store.RateTake(ctx, "link-fail:1.2.3.4", time.Minute, 100)
			env.Clock.Advance(2 * time.Hour)
			env.Store.CreateSession(ctx, p.ID)
			env.Store.RateTake(ctx, "link-fail:1.2.3.4", time.Minute, 100)
			env.Clock.Advance(23 * time.Hour)
			if err := env.Store.Housekeep(ctx, time.Hour, 24*time.Hour, time.Hour); err != nil {
				t.Fatal(err)
			}
			var sessions, events int64
			env.Store.DB().Model(&models.Session{}).Count(&sessions)
			env.Store.DB().Model(&models.RateEvent{}).Count(&events)
			// Both sessions are idle for more than an hour by now: gone. Of the
			// two rate events, only the one older than a day is gone.
			if sessions != 0 || events != 1 {
				t.Fatalf("after housekeeping: %d sessions (want 0), %d rate events (want 1)", sessions, events)
			}
		})
	}
}

// TestCustomWorksheetVisibility: a custom worksheet is its owner's; another
// practitioner cannot see or assign it; an admin can see it.
func TestCustomWorksheetVisibility(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			env := testenv.New(t, db)
			ctx := context.Background()
			owner, other, admin := env.NewPractitioner("Owner", false), env.NewPractitioner("Other", false), env.NewPractitioner("Admin", true)
			lib, err := worksheets.Library()
			if err != nil {
				t.Fatal(err)
			}
			def := *lib[0]
			def.Key = "owner-only"
			if _, err := env.Store.SaveCustomWorksheet(ctx, owner.ID, &def); err != nil {
				t.Fatal(err)
			}
			if _, err := env.Store.LatestWorksheet(ctx, owner.ID, "owner-only"); err != nil {
				t.Fatalf("owner: %v", err)
			}
			if _, err := env.Store.LatestWorksheet(ctx, other.ID, "owner-only"); err != models.ErrNotFound {
				t.Fatalf("another practitioner sees a custom worksheet: %v", err)
			}
			if _, err := env.Store.LatestWorksheet(ctx, admin.ID, "owner-only"); err != nil {
				t.Fatalf("admin should see custom worksheets: %v", err)
			}
			// Saving again bumps the version; another practitioner cannot take the key.
			v2, err := env.Store.SaveCustomWorksheet(ctx, owner.ID, &def)
			if err != nil || v2.Version != 2 {
				t.Fatalf("second save: %v %v", v2, err)
			}
			if _, err := env.Store.SaveCustomWorksheet(ctx, other.ID, &def); !errors.Is(err, models.ErrConflict) {
				t.Fatalf("another practitioner took the key: %v", err)
			}
			if p, _ := env.Store.PractitionerByID(ctx, owner.ID); !p.CreatedAt.Equal(env.Clock.Now()) {
				t.Fatalf("created_at should follow the store clock: %v vs %v", p.CreatedAt, env.Clock.Now())
			}
		})
	}
}

// TestFillSessionAbsoluteLimit: a client's browser session ends after a day
// even if it was used all along; the link starts a new one.
func TestFillSessionAbsoluteLimit(t *testing.T) {
	t.Parallel()
	env := testenv.New(t, testenv.DB{Name: "sqlite"})
	ctx := context.Background()
	_, id, _ := assigned(t, env, "support-map")
	tok, _, err := env.Store.CreateFillSession(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 23; i++ {
		env.Clock.Advance(time.Hour)
		if _, err := env.Store.FillSessionByToken(ctx, tok, 2*time.Hour); err != nil {
			t.Fatalf("hour %d: an active session ended early: %v", i+1, err)
		}
	}
	env.Clock.Advance(90 * time.Minute)
	if _, err := env.Store.FillSessionByToken(ctx, tok, 2*time.Hour); err != models.ErrNotFound {
		t.Fatalf("after 24.5 h the session should be over: %v", err)
	}
}
