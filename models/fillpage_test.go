package models_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/worksheets"
)

// TestFillPageReadsTheAssignment: the client's pages read an assignment
// with their own statement (FillPage, FillAssignment), column by column.
// What they read is every field the practitioner's read (GORM) gives —
// due date, instructions, submitted and reviewed times, link state — with
// the practitioner's words, the draft and the flags, and the session as it
// was made; a page of a session whose link was revoked is not found.
func TestFillPageReadsTheAssignment(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			env := testenv.New(t, db)
			ctx := context.Background()
			p := env.NewPractitioner("Dr Fill Reader", false)
			name := "Client"
			c, err := env.Store.CreateClient(ctx, p.ID, models.ClientInput{DisplayName: &name})
			if err != nil {
				t.Fatal(err)
			}
			due := time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)
			a, _, err := env.Store.CreateAssignment(ctx, p.ID, models.NewAssignment{ClientID: c.ID, WorksheetKey: "weekly-connection-checkin",
				DueOn: &due, Instructions: "Take your time <b>please</b>."}, models.LinkPolicy{TTL: 720 * time.Hour})
			if err != nil {
				t.Fatal(err)
			}
			tok, fs, err := env.Store.CreateFillSession(ctx, a.ID)
			if err != nil {
				t.Fatal(err)
			}
			ans := worksheets.Answers{"stress": 9.0, "week_notes": "Hard week.", "harm_thoughts": true} // a flag
			if _, _, err := env.Store.SaveDraft(ctx, a.ID, 0, ans); err != nil {
				t.Fatal(err)
			}
			env.Clock.Advance(time.Minute / 2)

			gotFS, v, err := env.Store.FillPage(ctx, tok, time.Hour, true)
			if err != nil {
				t.Fatal(err)
			}
			if gotFS.TokenHash != fs.TokenHash || gotFS.AssignmentID != a.ID || gotFS.CSRFToken != fs.CSRFToken ||
				gotFS.HomeSession != fs.HomeSession || !gotFS.CreatedAt.Equal(fs.CreatedAt) || !gotFS.LastSeenAt.Equal(fs.LastSeenAt) {
				t.Errorf("session read %+v, made %+v", gotFS, fs)
			}
			want, err := env.Store.AssignmentByID(ctx, p.ID, a.ID)
			if err != nil {
				t.Fatal(err)
			}
			same(t, "open", v, want)
			if v.PractitionerName != "Dr Fill Reader" || v.Words.ResponseTime == "" || v.ResponseVersion != 1 ||
				v.SavedAt == nil || v.Answers["week_notes"] != "Hard week." || len(v.Flags) == 0 {
				t.Errorf("page read name %q, response time %q, draft v%d at %v %v, %d flags",
					v.PractitionerName, v.Words.ResponseTime, v.ResponseVersion, v.SavedAt, v.Answers, len(v.Flags))
			}

			// Sent and reviewed: every time column is set (reviewing
			// revokes the link, so the session's page is gone).
			if _, _, err := env.Store.Submit(ctx, a.ID, models.Submission{Answers: ans, IdempotencyKey: "k"}); err != nil {
				t.Fatal(err)
			}
			if err := env.Store.MarkReviewed(ctx, p.ID, a.ID); err != nil {
				t.Fatal(err)
			}
			v, err = env.Store.FillAssignment(ctx, a.ID)
			if err != nil {
				t.Fatal(err)
			}
			if want, err = env.Store.AssignmentByID(ctx, p.ID, a.ID); err != nil {
				t.Fatal(err)
			}
			same(t, "reviewed", v, want)
			for _, f := range []string{"DueOn", "SubmittedAt", "ReviewedAt", "LinkRevokedAt", "Instructions"} {
				if reflect.ValueOf(v.Assignment).FieldByName(f).IsZero() {
					t.Errorf("reviewed: %s not read", f)
				}
			}
			if _, _, err := env.Store.FillPage(ctx, tok, time.Hour, true); !errors.Is(err, models.ErrNotFound) {
				t.Errorf("the page of a revoked link: %v, want not found", err)
			}
			if _, err := env.Store.FillAssignment(ctx, "no-such-id"); !errors.Is(err, models.ErrNotFound) {
				t.Errorf("no such assignment: %v, want not found", err)
			}
		})
	}
}

// same compares the client's read of an assignment with the
// practitioner's, field by field.
func same(t *testing.T, when string, got, want *models.AssignmentView) {
	t.Helper()
	g, w := reflect.ValueOf(got.Assignment), reflect.ValueOf(want.Assignment)
	for i := 0; i < g.NumField(); i++ {
		gf, wf := g.Field(i).Interface(), w.Field(i).Interface()
		if eq, ok := timeEqual(gf, wf); ok {
			if !eq {
				t.Errorf("%s: %s read %v, want %v", when, g.Type().Field(i).Name, gf, wf)
			}
			continue
		}
		if !reflect.DeepEqual(gf, wf) {
			t.Errorf("%s: %s read %v, want %v", when, g.Type().Field(i).Name, gf, wf)
		}
	}
}

// timeEqual compares two times or time pointers as instants.
func timeEqual(a, b any) (equal, isTime bool) {
	switch a := a.(type) {
	case time.Time:
		return a.Equal(b.(time.Time)), true
	case *time.Time:
		b := b.(*time.Time)
		return (a == nil) == (b == nil) && (a == nil || a.Equal(*b)), true
	}
	return false, false
}
