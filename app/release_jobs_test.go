package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
)

// TestReleaseJobWired: with the real job queue running, the periodic
// release job releases a schedule occurrence that is due (it runs at
// start, then every minute), once.
func TestReleaseJobWired(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			env := testenv.New(t, db)
			ctx := context.Background()
			p := env.NewPractitioner("Ada Jobs", false)
			name := "Sam K."
			c, err := env.Store.CreateClient(ctx, p.ID, models.ClientInput{DisplayName: &name})
			if err != nil {
				t.Fatal(err)
			}
			start := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC) // the clock's Monday; 08:00 has passed
			sc, err := env.Store.CreateSchedule(ctx, p.ID, c.ID, models.ScheduleInput{WorksheetKeys: []string{"support-map"},
				Every: models.EveryWeek, Weekday: 1, StartOn: &start, Count: 3})
			if err != nil {
				t.Fatal(err)
			}
			env.StartJobs()
			deadline := time.Now().Add(20 * time.Second)
			for {
				v, err := env.Store.ScheduleByID(ctx, p.ID, sc.ID)
				if err != nil {
					t.Fatal(err)
				}
				if v.Released == 1 {
					// Read again: the first read may have raced the commit.
					if v, err = env.Store.ScheduleByID(ctx, p.ID, sc.ID); err != nil || v.Released != 1 {
						t.Fatalf("released again? %v %d", err, v.Released)
					}
					if v.NextOn == nil || v.NextOn.Format(time.DateOnly) != "2026-11-09" {
						t.Fatalf("next after the job: %v", v.NextOn)
					}
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("the release job did not run: %d released", v.Released)
				}
				time.Sleep(100 * time.Millisecond)
			}
		})
	}
}
