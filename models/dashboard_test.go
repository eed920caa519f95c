package models_test

import (
	"context"
	"testing"
	"time"

	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/worksheets"
)

func day(y int, m time.Month, d int) *time.Time {
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return &t
}

func TestDashboardQueries(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			env := testenv.New(t, db)
			s := env.Store
			p := env.NewPractitioner("Ada", false)
			q := env.NewPractitioner("Quinn", false)
			lp := models.LinkPolicy{TTL: 30 * 24 * time.Hour, AfterDue: 14 * 24 * time.Hour}
			mk := func(pid, name, key string, due *time.Time) string {
				c, err := s.CreateClient(ctx, pid, models.ClientInput{DisplayName: &name})
				if err != nil {
					t.Fatal(err)
				}
				a, _, err := s.CreateAssignment(ctx, pid, models.NewAssignment{ClientID: c.ID, WorksheetKey: key, DueOn: due}, lp)
				if err != nil {
					t.Fatal(err)
				}
				return a.ID
			}
			submit := func(id string, ans worksheets.Answers) {
				a, _ := s.FillAssignment(ctx, id)
				clean, errs := a.Worksheet.Def.ValidateAnswers(ans, worksheets.Submit)
				if len(errs) > 0 {
					t.Fatal(errs)
				}
				if _, _, err := s.Submit(ctx, id, models.Submission{Answers: clean, Flags: a.Worksheet.Def.EvaluateFlags(clean)}); err != nil {
					t.Fatal(err)
				}
			}
			// Today is 2 Nov 2026 (the test clock).
			overdue := mk(p.ID, "Olga", "support-map", day(2026, 11, 9))
			dueToday := mk(p.ID, "Tara", "support-map", day(2026, 11, 9))
			dueLater := mk(p.ID, "Lars", "support-map", day(2026, 11, 20))
			noDue := mk(p.ID, "Nina", "support-map", nil)
			flagged := mk(p.ID, "Fred", "weekly-connection-checkin", nil)
			submit(flagged, worksheets.Answers{"asked_help": true, "harm_thoughts": true, "loneliness": 9.0})
			plain := mk(p.ID, "Pia", "weekly-connection-checkin", nil)
			submit(plain, worksheets.Answers{"asked_help": false})
			// Quinn's things never show up in Ada's lists.
			theirs := mk(q.ID, "Quentin", "weekly-connection-checkin", day(2026, 11, 3))
			submit(mk(q.ID, "Quilla", "weekly-connection-checkin", nil), worksheets.Answers{"asked_help": true, "harm_thoughts": true})
			env.Clock.Advance(7 * 24 * time.Hour)
			today := time.Date(2026, 11, 9, 0, 0, 0, 0, time.UTC)
			if err := s.CancelAssignment(ctx, p.ID, overdue); err != nil {
				t.Fatal(err)
			}
			late := mk(p.ID, "Lena", "support-map", day(2026, 11, 9))
			env.Clock.Advance(2 * 24 * time.Hour)
			today = today.AddDate(0, 0, 2) // 11 Nov: dueToday and late are now overdue

			flags, more, err := s.UnacknowledgedFlags(ctx, p.ID, 1)
			if err != nil || !more || len(flags) != 1 || flags[0].Severity != "high" || flags[0].Assignment.ID != flagged ||
				flags[0].Assignment.ClientName != "Fred" {
				t.Fatalf("flags: %+v more=%v err=%v", flags, more, err)
			}
			if n, _ := s.CountUnacknowledgedFlags(ctx, p.ID); n != 2 {
				t.Fatalf("flag count %d", n)
			}
			subs, more, err := s.AwaitingReview(ctx, p.ID, 10)
			if err != nil || more || len(subs) != 2 {
				t.Fatalf("awaiting review: %d more=%v err=%v", len(subs), more, err)
			}
			over, _, err := s.Overdue(ctx, p.ID, today, 10)
			if err != nil || len(over) != 2 || over[0].ID != dueToday || over[1].ID != late {
				t.Fatalf("overdue: %+v err=%v", over, err)
			}
			soon, _, err := s.DueBetween(ctx, p.ID, today, today.AddDate(0, 0, 10), 10)
			if err != nil || len(soon) != 1 || soon[0].ID != dueLater {
				t.Fatalf("due soon: %+v err=%v", soon, err)
			}
			counts, err := s.StatusCounts(ctx, p.ID)
			if err != nil || counts[models.StatusAssigned] != 4 || counts[models.StatusSubmitted] != 2 || counts[models.StatusCancelled] != 1 {
				t.Fatalf("counts %v err=%v", counts, err)
			}
			for _, rows := range [][]models.AssignmentRow{subs, over, soon} {
				for _, r := range rows {
					if r.ID == theirs || r.PractitionerID != p.ID || r.ID == noDue {
						t.Fatalf("unexpected row %+v", r)
					}
				}
			}
			// Acknowledging and reviewing empties the lists.
			for _, f := range flags {
				s.AcknowledgeFlag(ctx, p.ID, f.ID, "Phoned the client.")
			}
			s.MarkReviewed(ctx, p.ID, flagged)
			if subs, _, _ = s.AwaitingReview(ctx, p.ID, 10); len(subs) != 1 || subs[0].ID != plain {
				t.Fatalf("after review: %+v", subs)
			}
			if flags, _, _ = s.UnacknowledgedFlags(ctx, p.ID, 10); len(flags) != 1 || flags[0].Severity != "medium" {
				t.Fatalf("after acknowledge: %+v", flags)
			}
			// The counts follow every change of status.
			if _, _, err := s.SaveDraft(ctx, noDue, 0, worksheets.Answers{}); err != nil {
				t.Fatal(err)
			}
			counts, err = s.StatusCounts(ctx, p.ID)
			want := map[string]int64{models.StatusAssigned: 3, models.StatusInProgress: 1, models.StatusSubmitted: 1,
				models.StatusReviewed: 1, models.StatusCancelled: 1}
			for st, n := range want {
				if counts[st] != n {
					t.Fatalf("counts after a draft and a review: %v, want %v (%v)", counts, want, err)
				}
			}
		})
	}
}
