package models_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
	"gorm.io/gorm"
)

// TestListQueryPlans: every list a practitioner sees is read from the index
// made for it, on a caseload with years of history and a second
// practitioner: on SQLite no temporary sort (USE TEMP B-TREE) and no full
// scan of a table; on PostgreSQL a scan of that index and no sequential
// scan (it may sort the few rows the index range gives). The
// SQL is the store's own (models.ListQueries builds it with the store's
// builders), so changing a list's filter or order without an index that
// matches fails here.
func TestListQueryPlans(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			env := testenv.New(t, db)
			g := env.Store.DB()
			pid, clientID := seedCaseload(t, g, env.Clock.Now())
			// The kept counts followed the bulk insert exactly.
			var want []struct {
				Status string
				N      int64
			}
			g.Raw("SELECT status, COUNT(*) AS n FROM assignments WHERE practitioner_id = ? GROUP BY status", pid).Scan(&want)
			got, err := env.Store.StatusCounts(t.Context(), pid)
			if err != nil || len(got) != len(want) {
				t.Fatalf("counts %v (%v), want %v", got, err, want)
			}
			for _, w := range want {
				if got[w.Status] != w.N {
					t.Errorf("%s: kept count %d, counted %d", w.Status, got[w.Status], w.N)
				}
			}
			for _, q := range models.ListQueries(g, pid, clientID, env.Clock.Now()) {
				plan := explain(t, g, q)
				// A statement of several parts (UNION ALL, one round trip)
				// reads each part from the index.
				parts := strings.Count(q.SQL, " UNION ALL ") + 1
				bad := ""
				switch {
				case strings.Count(plan, q.Index) < parts:
					bad = fmt.Sprintf("does not use %s in each of its %d parts", q.Index, parts)
				case models.IsSQLite(g) && strings.Contains(plan, "TEMP B-TREE"):
					bad = "sorts in a temporary b-tree"
				case models.IsSQLite(g) && sqliteTableScan.MatchString(plan):
					bad = "scans a whole table"
				case !models.IsSQLite(g) && strings.Contains(plan, "Seq Scan"):
					bad = "scans a whole table"
				}
				if bad != "" {
					t.Errorf("%s %s:\n%s\n%s", q.Name, bad, q.SQL, plan)
				}
			}
		})
	}
}

// sqliteTableScan is a full scan in SQLite's plan; "SCAN u0" reads the
// few rows of one part of a UNION ALL (a co-routine), not a table.
var sqliteTableScan = regexp.MustCompile(`(?m)^SCAN (?:[^u]|u\D)`)

func explain(t *testing.T, g *gorm.DB, q models.ListQuery) string {
	t.Helper()
	sqlDB, err := g.DB()
	if err != nil {
		t.Fatal(err)
	}
	prefix := "EXPLAIN "
	if models.IsSQLite(g) {
		prefix = "EXPLAIN QUERY PLAN "
	}
	rows, err := sqlDB.QueryContext(t.Context(), prefix+q.SQL, q.Vars...)
	if err != nil {
		t.Fatalf("%s: %v\n%s", q.Name, err, q.SQL)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var lines []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, fmt.Sprint(vals[len(vals)-1]))
	}
	return strings.Join(lines, "\n")
}

// seedCaseload writes, in one transaction, a practitioner with 40 clients
// and 1,500 assignments (mostly reviewed history, some open, due over a
// year), their scores, flags, notes and releases (one a third, over 1,500
// hours), and a second, larger practice (600
// clients, 6,000 assignments). It returns the first practitioner and one of
// its clients.
func seedCaseload(t *testing.T, g *gorm.DB, now time.Time) (string, string) {
	t.Helper()
	id := func() string { return uuid.Must(uuid.NewV7()).String() }
	statuses := []string{models.StatusReviewed, models.StatusReviewed, models.StatusReviewed, models.StatusReviewed,
		models.StatusReviewed, models.StatusSubmitted, models.StatusAssigned, models.StatusInProgress, models.StatusCancelled}
	var first, firstClient string
	err := g.Transaction(func(tx *gorm.DB) error {
		for p, n := range []int{1500, 6000} {
			pid := id()
			if p == 0 {
				first = pid
			}
			if err := tx.Create(&models.Practitioner{ID: pid, Email: pid + "@x.test", Name: "P", PasswordHash: "x", Role: models.RolePractitioner}).Error; err != nil {
				return err
			}
			var clients []models.Client
			for i := 0; i < 40+560*p; i++ {
				c := models.Client{ID: id(), PractitionerID: pid, NameEnc: fmt.Sprintf("sealed %d", i)} // plans only: never decrypted
				if i%10 == 0 {
					at := now
					c.ArchivedAt = &at
				}
				clients = append(clients, c)
			}
			if p == 0 {
				firstClient = clients[1].ID
			}
			var as []models.Assignment
			var scores []models.Score
			var flags []models.Flag
			var notes []models.Note
			var releases []models.Release
			for i := 0; i < n; i++ {
				st := statuses[i%len(statuses)]
				due := now.Truncate(24*time.Hour).AddDate(0, 0, i%400-300)
				a := models.Assignment{ID: id(), PractitionerID: pid, ClientID: clients[i%len(clients)].ID, WorksheetVersionID: "w", WorksheetKey: "k",
					Status: st, DueOn: &due, LinkExpiresAt: now}
				if i%7 == 0 {
					a.DueOn = nil
				}
				if st == models.StatusSubmitted || st == models.StatusReviewed {
					at := now.Add(-time.Duration(n-i) * time.Hour)
					a.SubmittedAt = &at
					scores = append(scores, models.Score{ID: id(), AssignmentID: a.ID, ClientID: a.ClientID, WorksheetKey: "k", Scale: "s",
						Title: "S", ResultEnc: "sealed", SubmittedAt: at, PractitionerID: pid})
				}
				if i%8 == 0 {
					f := models.Flag{ID: id(), AssignmentID: a.ID, PractitionerID: pid, Rule: "r", Severity: []string{"high", "medium", "low"}[i%3],
						MessageEnc: "sealed", Source: models.FlagSourceSubmitted, CreatedAt: now}
					if i%5 != 0 {
						f.AcknowledgedAt = &now
					}
					flags = append(flags, f)
				}
				if i%3 == 0 {
					releases = append(releases, models.Release{ID: id(), PractitionerID: pid, ClientID: a.ClientID, Kind: "schedule",
						SourceID: a.ClientID, Occurrence: i, ReleasedAt: now.Add(-time.Duration(n-i) * time.Hour)})
				}
				if i%10 == 0 {
					notes = append(notes, models.Note{ID: id(), PractitionerID: pid, ClientID: a.ClientID, AssignmentID: a.ID, TextEnc: "x"})
				}
				as = append(as, a)
			}
			for _, rows := range []any{clients, as, scores, flags, notes, releases} {
				if err := tx.CreateInBatches(rows, 200).Error; err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !models.IsSQLite(g) {
		// What autovacuum does on a live database: statistics for the planner
		// and the visibility map that lets a count read the index alone.
		if err := g.Exec("VACUUM ANALYZE assignments, scores, flags, clients, notes, releases").Error; err != nil {
			t.Fatal(err)
		}
	}
	return first, firstClient
}
