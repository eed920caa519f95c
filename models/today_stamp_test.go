package models_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/worksheets"
)

// TestTodayStampLockOrder (PostgreSQL): two transactions of one
// practitioner write a flag and an assignment in opposite orders; both
// commit, and the stamp rises once for each transaction. Were the
// stamp's row taken as each row is written rather than at commit, the
// first would hold it while waiting for the assignment the second holds,
// the second would wait for the stamp, and PostgreSQL would end one as a
// deadlock (40P01).
func TestTodayStampLockOrder(t *testing.T) {
	for _, db := range testenv.Databases(t) {
		if db.Name != "postgres" {
			continue
		}
		env := testenv.New(t, db)
		ctx, st := context.Background(), env.Store
		p := env.NewPractitioner("Lock Order", false)
		flagged := p.AssignNew("weekly-connection-checkin", "")
		a, err := st.FillAssignment(ctx, flagged.AssignmentID)
		if err != nil {
			t.Fatal(err)
		}
		ans, _ := a.Worksheet.Def.ValidateAnswers(worksheets.Answers{"stress": 5.0, "loneliness": 5.0, "asked_help": false, "harm_thoughts": true}, worksheets.Submit)
		if _, _, err := st.Submit(ctx, flagged.AssignmentID, models.Submission{Answers: ans, Scores: a.Worksheet.Def.Score(ans),
			Flags: a.Worksheet.Def.EvaluateFlags(ans)}); err != nil {
			t.Fatal(err)
		}
		second := p.AssignNew("support-map", "").AssignmentID
		sqlDB, err := st.DB().DB()
		if err != nil {
			t.Fatal(err)
		}
		stamp := func() (n int64) {
			t.Helper()
			if err := sqlDB.QueryRowContext(ctx, "SELECT n FROM today_stamps WHERE practitioner_id = $1", p.ID).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		before := stamp()
		cancel := "UPDATE assignments SET status = 'cancelled' WHERE id = $1"
		tx1, err := sqlDB.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer tx1.Rollback()
		tx2, err := sqlDB.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer tx2.Rollback()
		// First: a flag of the practitioner's.
		if _, err := tx1.ExecContext(ctx, "UPDATE flags SET id = id WHERE assignment_id = $1", flagged.AssignmentID); err != nil {
			t.Fatal(err)
		}
		// Second: the assignment (and, were it taken now, the stamp); then
		// the first wants that assignment too.
		run := func(tx *sql.Tx, stmt, id string) <-chan error {
			done := make(chan error, 1)
			go func() {
				_, err := tx.ExecContext(ctx, stmt, id)
				if err == nil {
					err = tx.Commit()
				}
				done <- err
			}()
			return done
		}
		secondDone := run(tx2, cancel, second)
		time.Sleep(100 * time.Millisecond) // the second holds the assignment
		firstDone := run(tx1, cancel, second)
		for what, done := range map[string]<-chan error{"first": firstDone, "second": secondDone} {
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("%s transaction: %v", what, err)
				}
			case <-time.After(30 * time.Second):
				t.Fatalf("%s transaction still waiting after 30s", what)
			}
		}
		if after := stamp(); after-before != 2 {
			t.Errorf("stamp rose by %d, want 2 (once a transaction)", after-before)
		}
	}
}
