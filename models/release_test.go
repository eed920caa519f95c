package models_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/tend-health/tend/app"
	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
)

var london = mustLoc("Europe/London")

func mustLoc(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return l
}

func date(s string) *time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return &d
}

// scheduled makes a London practitioner with a client and a weekly
// Monday schedule of two worksheets from 2027-02-15, 12 times.
func scheduled(t *testing.T, env *testenv.Env) (*testenv.Practitioner, string, *models.ScheduleView) {
	t.Helper()
	ctx := context.Background()
	p := env.NewPractitioner("Rowan Schedules", false)
	if err := env.Store.SetTimeZone(ctx, p.ID, "Europe/London"); err != nil {
		t.Fatal(err)
	}
	name := "Sam K."
	c, err := env.Store.CreateClient(ctx, p.ID, models.ClientInput{DisplayName: &name})
	if err != nil {
		t.Fatal(err)
	}
	sc, err := env.Store.CreateSchedule(ctx, p.ID, c.ID, models.ScheduleInput{
		WorksheetKeys: []string{"self-reliance-checkin", "weekly-connection-checkin"}, Every: models.EveryWeek, Weekday: 1,
		StartOn: date("2027-02-15"), Count: 12, DueAfterDays: 3})
	if err != nil {
		t.Fatal(err)
	}
	return p, c.ID, sc
}

// advanceTo moves env's clock forward to at.
func advanceTo(env *testenv.Env, at time.Time) { env.Clock.Advance(at.Sub(env.Clock.Now())) }

func releases(t *testing.T, env *testenv.Env, sourceID string) []models.Release {
	t.Helper()
	var rs []models.Release
	if err := env.Store.DB().Where("source_id = ?", sourceID).Order("occurrence").Find(&rs).Error; err != nil {
		t.Fatal(err)
	}
	return rs
}

func countAssignments(t *testing.T, env *testenv.Env, clientID string) int64 {
	t.Helper()
	var n int64
	if err := env.Store.DB().Model(&models.Assignment{}).Where("client_id = ?", clientID).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

// TestWeeklyScheduleAcrossDST: a weekly schedule over 12 weeks, with the
// clock moved an hour at a time across the change to summer time in
// London (2027-03-28), releases exactly 12 times, every one at 08:00
// London time (07:00 UTC after the change), each as ordinary assignments.
func TestWeeklyScheduleAcrossDST(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			env := testenv.New(t, db)
			ctx := context.Background()
			_, clientID, sc := scheduled(t, env)
			if sc.NextOn == nil || sc.NextOn.Format(time.DateOnly) != "2027-02-15" || sc.State != models.ScheduleActive {
				t.Fatalf("next release: %v %s", sc.NextOn, sc.State)
			}
			advanceTo(env, time.Date(2027, 2, 14, 0, 0, 0, 0, time.UTC))
			end := time.Date(2027, 5, 20, 0, 0, 0, 0, time.UTC)
			for env.Clock.Now().Before(end) {
				if _, err := env.Store.ReleaseDue(ctx, env.Clock.Now()); err != nil {
					t.Fatal(err)
				}
				env.Clock.Advance(time.Hour)
			}
			rs := releases(t, env, sc.ID)
			if len(rs) != 12 {
				t.Fatalf("released %d times, want 12", len(rs))
			}
			day := time.Date(2027, 2, 15, 0, 0, 0, 0, london)
			for i, r := range rs {
				local := r.ReleasedAt.In(london)
				want := day.AddDate(0, 0, 7*i).Add(8 * time.Hour)
				if !local.Equal(want) || local.Hour() != 8 {
					t.Errorf("occurrence %d released %s, want %s", r.Occurrence, local, want)
				}
			}
			if rs[5].ReleasedAt.UTC().Hour() != 8 || rs[6].ReleasedAt.UTC().Hour() != 7 {
				t.Errorf("before and after the change: %s, %s UTC", rs[5].ReleasedAt.UTC(), rs[6].ReleasedAt.UTC())
			}
			if n := countAssignments(t, env, clientID); n != 24 {
				t.Errorf("%d assignments, want 24 (two worksheets × 12)", n)
			}
			var a models.Assignment
			env.Store.DB().Where("release_id = ?", rs[6].ID).First(&a)
			if a.Status != models.StatusAssigned || a.DueOn == nil || a.DueOn.Format(time.DateOnly) != "2027-04-01" {
				t.Errorf("the 7th release's assignment: %s due %v", a.Status, a.DueOn)
			}
			v, err := env.Store.ScheduleByID(ctx, sc.PractitionerID, sc.ID)
			if err != nil || v.State != models.ScheduleEnded || v.Released != 12 {
				t.Errorf("after the last: %v %+v", err, v)
			}
		})
	}
}

// TestTwoInstancesReleaseOnce: two instances over one database run
// ReleaseDue at the same moments, really in parallel; every occurrence is
// released once and makes its assignments once.
func TestTwoInstancesReleaseOnce(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			env := testenv.New(t, db)
			second, err := app.New(context.Background(), env.Tend.Config, app.Options{Now: env.Clock.Now})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { second.Store.Close() })
			_, clientID, sc := scheduled(t, env)
			advanceTo(env, time.Date(2027, 2, 15, 7, 0, 0, 0, time.UTC))
			stores := []*models.Store{env.Store, second.Store, env.Store, second.Store}
			for week := 0; week < 13; week++ {
				var wg sync.WaitGroup
				start := make(chan struct{})
				errs := make(chan error, len(stores))
				for _, s := range stores {
					wg.Add(1)
					go func() {
						defer wg.Done()
						<-start
						_, err := s.ReleaseDue(context.Background(), env.Clock.Now())
						errs <- err
					}()
				}
				close(start)
				wg.Wait()
				close(errs)
				for err := range errs {
					if err != nil {
						t.Fatal(err)
					}
				}
				env.Clock.Advance(7 * 24 * time.Hour)
			}
			rs := releases(t, env, sc.ID)
			if len(rs) != 12 {
				t.Fatalf("released %d times, want 12", len(rs))
			}
			for i, r := range rs {
				if r.Occurrence != i+1 {
					t.Errorf("release %d is occurrence %d", i, r.Occurrence)
				}
			}
			if n := countAssignments(t, env, clientID); n != 24 {
				t.Errorf("%d assignments, want 24", n)
			}
		})
	}
}

// TestTimeZoneChangeMovesReleases: a practitioner who moves to New York
// has their next release at 08:00 New York time, not London's.
func TestTimeZoneChangeMovesReleases(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			env := testenv.New(t, db)
			ctx := context.Background()
			p, _, sc := scheduled(t, env)
			if !sc.NextReleaseAt.Equal(time.Date(2027, 2, 15, 8, 0, 0, 0, time.UTC)) {
				t.Fatalf("London: %s", sc.NextReleaseAt)
			}
			if err := env.Store.SetTimeZone(ctx, p.ID, "America/New_York"); err != nil {
				t.Fatal(err)
			}
			v, _ := env.Store.ScheduleByID(ctx, p.ID, sc.ID)
			if !v.NextReleaseAt.Equal(time.Date(2027, 2, 15, 13, 0, 0, 0, time.UTC)) {
				t.Fatalf("New York: %s", v.NextReleaseAt)
			}
		})
	}
}
