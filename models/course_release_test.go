package models_test

import (
	"context"
	"testing"
	"time"

	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
)

// TestCourseFollowUpAfterPlanSent: on the built-in course the follow-up is
// released 7 days after the plan was sent (at 08:00 London time on that
// day), not on a fixed day, and not before.
func TestCourseFollowUpAfterPlanSent(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			env := testenv.New(t, db)
			ctx := context.Background()
			p, clientID, _ := scheduled(t, env)
			e, err := env.Store.Enrol(ctx, p.ID, clientID, "doing-it-all-alone", date("2027-02-15"), "")
			if err != nil {
				t.Fatal(err)
			}
			tick := func(until time.Time) {
				t.Helper()
				for env.Clock.Now().Before(until) {
					if _, err := env.Store.ReleaseDue(ctx, env.Clock.Now()); err != nil {
						t.Fatal(err)
					}
					env.Clock.Advance(time.Hour)
				}
			}
			step := func(id string) models.StepProgress {
				t.Helper()
				v, err := env.Store.EnrolmentByID(ctx, p.ID, e.ID)
				if err != nil {
					t.Fatal(err)
				}
				for _, s := range v.Steps {
					if s.ID == id {
						return s
					}
				}
				t.Fatalf("no step %s", id)
				return models.StepProgress{}
			}
			advanceTo(env, time.Date(2027, 2, 15, 0, 0, 0, 0, time.UTC))
			tick(time.Date(2027, 3, 25, 19, 0, 0, 0, time.UTC))
			plan := step("plan")
			if plan.State != models.StepReleased || !plan.At.Equal(time.Date(2027, 3, 22, 8, 0, 0, 0, time.UTC)) {
				t.Fatalf("the plan (day 35): %+v", plan)
			}
			if f := step("follow-up"); f.State != models.StepWaiting || f.WaitsFor != "plan" {
				t.Fatalf("before the plan is sent the follow-up waits: %+v", f)
			}
			if _, _, err := env.Store.Submit(ctx, plan.AssignmentID, models.Submission{IdempotencyKey: "k1"}); err != nil {
				t.Fatal(err)
			}
			// Sent on 25 March; a week later London is on summer time, so
			// 08:00 there is 07:00 UTC.
			tick(time.Date(2027, 4, 1, 7, 0, 0, 0, time.UTC))
			if f := step("follow-up"); f.State != models.StepScheduled || !f.At.Equal(time.Date(2027, 4, 1, 7, 0, 0, 0, time.UTC)) {
				t.Fatalf("a day before: %+v", f)
			}
			tick(time.Date(2027, 4, 1, 7, 30, 0, 0, time.UTC))
			f := step("follow-up")
			if f.State != models.StepReleased || !f.At.Equal(time.Date(2027, 4, 1, 7, 0, 0, 0, time.UTC)) || f.AssignmentID == "" {
				t.Fatalf("7 days after the plan was sent: %+v", f)
			}
			tick(time.Date(2027, 4, 10, 0, 0, 0, 0, time.UTC))
			v, _ := env.Store.EnrolmentByID(ctx, p.ID, e.ID)
			if v.Done != len(v.Steps) || v.CompletedAt == nil {
				t.Errorf("the course ends after day 49: %d of %d, completed %v", v.Done, len(v.Steps), v.CompletedAt)
			}
			var n int64
			env.Store.DB().Model(&models.Release{}).Where("source_id = ?", e.ID).Count(&n)
			if int(n) != len(v.Steps) {
				t.Errorf("%d releases for %d steps", n, len(v.Steps))
			}
		})
	}
}

// TestArchiveStopsSchedulesKeepsWork: archiving a client stops their
// schedules and courses; what was released stays.
func TestArchiveStopsSchedulesKeepsWork(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			env := testenv.New(t, db)
			ctx := context.Background()
			p, clientID, sc := scheduled(t, env)
			advanceTo(env, time.Date(2027, 2, 15, 9, 0, 0, 0, time.UTC))
			if _, err := env.Store.ReleaseDue(ctx, env.Clock.Now()); err != nil {
				t.Fatal(err)
			}
			if err := env.Store.ArchiveClient(ctx, p.ID, clientID); err != nil {
				t.Fatal(err)
			}
			env.Clock.Advance(30 * 24 * time.Hour)
			if _, err := env.Store.ReleaseDue(ctx, env.Clock.Now()); err != nil {
				t.Fatal(err)
			}
			v, _ := env.Store.ScheduleByID(ctx, p.ID, sc.ID)
			if v.State != models.ScheduleStopped || v.Released != 1 {
				t.Errorf("after archiving: %s, %d released", v.State, v.Released)
			}
			if n := countAssignments(t, env, clientID); n != 2 {
				t.Errorf("released work kept: %d assignments, want 2", n)
			}
		})
	}
}
