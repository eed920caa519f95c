package models_test

import (
	"context"
	"testing"
	"time"

	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/worksheets"
)

// TestScoreTrends: one client's scores come back grouped by worksheet,
// scales in the worksheet's order, one row per submission, oldest first;
// another practitioner sees nothing.
func TestScoreTrends(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			env := testenv.New(t, db)
			s := env.Store
			p := env.NewPractitioner("Ada", false)
			q := env.NewPractitioner("Quinn", false)
			name := "Olga"
			c, err := s.CreateClient(ctx, p.ID, models.ClientInput{DisplayName: &name})
			if err != nil {
				t.Fatal(err)
			}
			lp := models.LinkPolicy{TTL: 30 * 24 * time.Hour}
			submit := func(key string, ans worksheets.Answers) string {
				a, _, err := s.CreateAssignment(ctx, p.ID, models.NewAssignment{ClientID: c.ID, WorksheetKey: key}, lp)
				if err != nil {
					t.Fatal(err)
				}
				v, _ := s.FillAssignment(ctx, a.ID)
				clean, errs := v.Worksheet.Def.ValidateAnswers(ans, worksheets.Submit)
				if len(errs) > 0 {
					t.Fatal(errs)
				}
				if _, _, err := s.Submit(ctx, a.ID, models.Submission{Answers: clean, Scores: v.Worksheet.Def.Score(clean)}); err != nil {
					t.Fatal(err)
				}
				env.Clock.Advance(24 * time.Hour)
				return a.ID
			}
			first := submit("weekly-connection-checkin", worksheets.Answers{"asked_help": false, "stress": 2.0, "loneliness": 2.0})
			submit("weekly-connection-checkin", worksheets.Answers{"asked_help": false})
			last := submit("weekly-connection-checkin", worksheets.Answers{"asked_help": true, "stress": 8.0, "loneliness": 6.0})

			trends, err := s.ScoreTrends(ctx, p.ID, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(trends) != 1 {
				t.Fatalf("%d trends, want 1", len(trends))
			}
			tr := trends[0]
			if tr.WorksheetKey != "weekly-connection-checkin" || tr.WorksheetTitle == tr.WorksheetKey {
				t.Errorf("worksheet: %q %q", tr.WorksheetKey, tr.WorksheetTitle)
			}
			if len(tr.Scales) != 2 || tr.Scales[0].ID != "stress" || tr.Scales[1].ID != "loneliness" || tr.Scales[0].Def == nil || len(tr.Scales[0].Def.Bands) != 3 {
				t.Fatalf("scales: %+v", tr.Scales)
			}
			if len(tr.Rows) != 3 || tr.Rows[0].AssignmentID != first || tr.Rows[2].AssignmentID != last {
				t.Fatalf("rows: %+v", tr.Rows)
			}
			if v := tr.Rows[0].Scores[0].Value; v == nil || *v != 2 {
				t.Errorf("first score: %v", v)
			}
			if v := tr.Rows[1].Scores[0].Value; v != nil {
				t.Errorf("an unanswered check-in is not scored: %v", *v)
			}
			if pts := tr.Points(0); len(pts) != 3 || *pts[2].Value != 8 {
				t.Errorf("points: %+v", pts)
			}
			if other, err := s.ScoreTrends(ctx, q.ID, c.ID); err != nil || len(other) != 0 {
				t.Errorf("another practitioner sees %d trends (%v)", len(other), err)
			}
		})
	}
}
