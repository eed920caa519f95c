package models_test

import (
	"context"
	"testing"
	"time"

	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
)

func TestHousekeepRemovesOnlyExpired(t *testing.T) {
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			env := testenv.New(t, db)
			ctx := context.Background()
			p := env.NewPractitioner("Keeper", false)
			env.Store.CreateSession(ctx, p.ID)
			env.Store.RateHit(ctx, "link-fail:1.2.3.4", time.Minute)
			env.Clock.Advance(2 * time.Hour)
			env.Store.CreateSession(ctx, p.ID)
			env.Store.RateHit(ctx, "link-fail:1.2.3.4", time.Minute)
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
