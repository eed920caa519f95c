package models_test

import (
	"bytes"
	"context"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/worksheets"
	"gorm.io/gorm"
)

// TestSealedAtRest: a client's name, the instructions, a flag message and
// a score (value, band, meaning) written through the store are nowhere in
// the database in the clear (the SQLite file's bytes; every PostgreSQL
// row as text), and every reader shows them exactly as written; the name
// is still found by search, accents and case ignored.
func TestSealedAtRest(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			env := testenv.New(t, db)
			s, ctx := env.Store, context.Background()
			p := env.NewPractitioner("Ada", false)
			name := "Zoë Canarywright"
			c, err := s.CreateClient(ctx, p.ID, models.ClientInput{DisplayName: &name})
			if err != nil {
				t.Fatal(err)
			}
			instr := "INSTR-CANARY: fill this in after our talk about your brother"
			lp := models.LinkPolicy{TTL: env.Tend.Config.LinkTTL, AfterDue: env.Tend.Config.LinkAfterDue}
			a, _, err := s.CreateAssignment(ctx, p.ID, models.NewAssignment{ClientID: c.ID, WorksheetKey: "weekly-connection-checkin", Instructions: instr}, lp)
			if err != nil {
				t.Fatal(err)
			}
			value := 6.25
			sub := models.Submission{Answers: worksheets.Answers{"stress": 6.0},
				Scores: []worksheets.ScaleScore{{Scale: "stress", Title: "Stress", Value: &value, Band: "BAND-CANARY", Meaning: "MEANING-CANARY", Max: 10}},
				Flags:  []worksheets.RaisedFlag{{ID: "harm", Severity: worksheets.SeverityHigh, Message: "FLAG-CANARY thoughts of self-harm"}}}
			if _, _, err := s.Submit(ctx, a.ID, sub); err != nil {
				t.Fatal(err)
			}

			v, err := s.AssignmentByID(ctx, p.ID, a.ID)
			if err != nil {
				t.Fatal(err)
			}
			if v.ClientName != name || v.Instructions != instr || len(v.Flags) != 1 || v.Flags[0].Message != sub.Flags[0].Message ||
				len(v.Scores) != 1 || *v.Scores[0].Value != value || v.Scores[0].Band != "BAND-CANARY" || v.Scores[0].Meaning != "MEANING-CANARY" {
				t.Fatalf("read back: client %q, instructions %q, flags %+v, scores %+v", v.ClientName, v.Instructions, v.Flags, v.Scores)
			}
			if rows, _, err := s.UnacknowledgedFlags(ctx, p.ID, 10); err != nil || len(rows) != 1 ||
				rows[0].Message != sub.Flags[0].Message || rows[0].Assignment.ClientName != name || rows[0].Assignment.Instructions != instr {
				t.Fatalf("Today's flags: %+v %v", rows, err)
			}
			if tr, err := s.ScoreTrends(ctx, p.ID, c.ID); err != nil || len(tr) != 1 || tr[0].Rows[0].Scores[0].Band != "BAND-CANARY" {
				t.Fatalf("score trends: %+v %v", tr, err)
			}
			for q, want := range map[string]int{"zoe": 1, "ZOË": 1, "canary": 1, "Canarywright": 1, "zoe canaryw": 1, "canarywrong": 0, "oe": 0, "wright": 0} {
				rows, _, err := s.ListClients(ctx, p.ID, models.ClientFilter{Query: q}, models.Page{})
				if err != nil || len(rows) != want || (want == 1 && rows[0].DisplayName != name) {
					t.Errorf("search %q: %d clients (%v), want %d", q, len(rows), err, want)
				}
			}

			// A schedule's note is sealed like the assignments it releases.
			start := env.Clock.Now().AddDate(0, 0, 1)
			note := "SCHED-CANARY: after the talk about your brother"
			sc, err := s.CreateSchedule(ctx, p.ID, c.ID, models.ScheduleInput{WorksheetKeys: []string{"support-map"}, Every: "week",
				Weekday: int(start.Weekday()+6)%7 + 1, StartOn: &start, Count: 2, Instructions: note})
			if err != nil {
				t.Fatal(err)
			}
			if got, err := s.ScheduleByID(ctx, p.ID, sc.ID); err != nil || got.Instructions != note {
				t.Fatalf("schedule note read back: %v %+v", err, got)
			}
			env.Clock.Advance(48 * time.Hour)
			if _, err := s.ReleaseDue(ctx, env.Clock.Now()); err != nil {
				t.Fatal(err)
			}
			if as, _, err := s.ListAssignments(ctx, p.ID, models.AssignmentFilter{ClientID: c.ID}, models.Page{}); err != nil || len(as) != 2 {
				t.Fatalf("after the release: %d assignments, %v", len(as), err)
			}

			// A row written without sealing would lose its text: refused.
			if err := s.DB().Create(&models.Client{ID: "unsealed", PractitionerID: p.ID, DisplayName: "Lost Name"}).Error; err == nil {
				t.Error("a client whose name was not sealed was stored")
			}
			// A score's value is sealed in one ciphertext with its band; a
			// number is no canary (timestamps are full of digits).
			for _, leak := range plaintextLeft(t, s.DB(), env.SQLitePath, "Canarywright", "INSTR-CANARY", "FLAG-CANARY", "BAND-CANARY", "MEANING-CANARY", "SCHED-CANARY") {
				t.Errorf("%q is in the database in the clear", leak)
			}
		})
	}
}

// plaintextLeft returns the canaries found in the clear: in the SQLite
// file and its WAL (after a checkpoint), or in any row of any table of the
// PostgreSQL schema, read as text.
func plaintextLeft(t *testing.T, db *gorm.DB, sqlitePath string, canaries ...string) []string {
	t.Helper()
	var haystack []byte
	if models.IsSQLite(db) {
		if err := db.Exec("PRAGMA wal_checkpoint(TRUNCATE)").Error; err != nil {
			t.Fatal(err)
		}
		haystack = readAll(t, sqlitePath)
	} else {
		var tables []string
		if err := db.Raw("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()").Scan(&tables).Error; err != nil {
			t.Fatal(err)
		}
		for _, tbl := range tables {
			var rows []string
			if err := db.Raw(`SELECT t::text FROM "` + tbl + `" t`).Scan(&rows).Error; err != nil {
				t.Fatal(err)
			}
			haystack = append(haystack, strings.Join(rows, "\n")...)
		}
	}
	var found []string
	for _, c := range canaries {
		if bytes.Contains(haystack, []byte(c)) {
			found = append(found, c)
		}
	}
	return found
}

// TestNameSearchPages: a search whose word is longer than the indexed
// prefix ("christoph" shares "chri" with "Christina") pages through only
// the clients whose names match, newest first, none twice, and never
// another practitioner's.
func TestNameSearchPages(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			env := testenv.New(t, db)
			s, ctx := env.Store, context.Background()
			p, other := env.NewPractitioner("Ada", false), env.NewPractitioner("Bea", false)
			var want []string
			for i := range 12 {
				name := fmt.Sprintf("Christina %c.", 'A'+i)
				if i%2 == 0 {
					name = fmt.Sprintf("Christopher %c.", 'A'+i)
				}
				c, err := s.CreateClient(ctx, p.ID, models.ClientInput{DisplayName: &name})
				if err != nil {
					t.Fatal(err)
				}
				if i%2 == 0 {
					want = append([]string{c.ID}, want...)
				}
				if _, err := s.CreateClient(ctx, other.ID, models.ClientInput{DisplayName: &name}); err != nil {
					t.Fatal(err)
				}
			}
			var got []string
			cursor := ""
			for pages := 0; ; pages++ {
				rows, next, err := s.ListClients(ctx, p.ID, models.ClientFilter{Query: "christoph"}, models.Page{Cursor: cursor, Limit: 2})
				if err != nil || pages > 5 {
					t.Fatalf("page %d: %v", pages, err)
				}
				for _, r := range rows {
					got = append(got, r.ID)
				}
				if cursor = next; next == "" {
					break
				}
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("searching pages of 2 gave %d clients %v, want the 6 Christophers newest first %v", len(got), got, want)
			}
			if rows, _, err := s.ListClients(ctx, p.ID, models.ClientFilter{Query: "chris"}, models.Page{}); err != nil || len(rows) != 12 {
				t.Fatalf("search chris: %d clients (%v), want 12", len(rows), err)
			}
		})
	}
}

// TestSealPlaintextOnTwoInstances: two instances starting at once both
// seal what a migration left in plaintext; each value is sealed once
// (the other skips it), and every name reads back and is found.
func TestSealPlaintextOnTwoInstances(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			env := testenv.New(t, db)
			s, ctx := env.Store, context.Background()
			p := env.NewPractitioner("Ada", false)
			for i := range 40 {
				name := fmt.Sprintf("Client %d", i)
				if _, err := s.CreateClient(ctx, p.ID, models.ClientInput{DisplayName: &name}); err != nil {
					t.Fatal(err)
				}
			}
			// What step 11 leaves behind: plaintext, and no pass recorded
			// (the store's own start recorded one over no plaintext).
			if err := s.DB().Exec("UPDATE clients SET name_enc = 'plain:Pat ' || id, name_index = ''").Error; err != nil {
				t.Fatal(err)
			}
			if err := s.DB().Exec("DELETE FROM settings WHERE key = 'keys:plaintext-sealed'").Error; err != nil {
				t.Fatal(err)
			}
			var wg sync.WaitGroup
			results := make([]models.RotateResult, 2)
			errs := make([]error, 2)
			for i := range 2 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					results[i], errs[i] = models.SealPlaintext(ctx, s.DB(), s.Crypter(), 3)
				}()
			}
			wg.Wait()
			if errs[0] != nil || errs[1] != nil || results[0].Rewritten+results[1].Rewritten != 40 {
				t.Fatalf("two instances sealed %+v %+v (%v, %v), want 40 values sealed once", results[0], results[1], errs[0], errs[1])
			}
			rows, _, err := s.ListClients(ctx, p.ID, models.ClientFilter{Query: "pat"}, models.Page{Limit: 100})
			if err != nil || len(rows) != 40 || rows[0].DisplayName != "Pat "+rows[0].ID {
				t.Fatalf("after sealing: %d clients found (%v)", len(rows), err)
			}
			// A start after them finds nothing left and records it; the
			// starts after that do not read the history again (a marked
			// value written now, which no release writes, is left as it is).
			if res, err := models.SealPlaintext(ctx, s.DB(), s.Crypter(), 3); err != nil || res.Rewritten != 0 {
				t.Fatalf("the next start sealed %+v (%v), want nothing left", res, err)
			}
			if err := s.DB().Exec("UPDATE clients SET name_enc = 'plain:Late' WHERE id = ?", rows[0].ID).Error; err != nil {
				t.Fatal(err)
			}
			if res, err := models.SealPlaintext(ctx, s.DB(), s.Crypter(), 3); err != nil || res != (models.RotateResult{}) {
				t.Fatalf("a later start sealed %+v (%v), want nothing read", res, err)
			}
		})
	}
}

// BenchmarkClientList: one practitioner's list and search over 500
// clients, names decrypted; prints the time per list.
func BenchmarkClientList(b *testing.B) {
	env := testenv.New(b, testenv.DB{Name: "sqlite"})
	s, ctx := env.Store, context.Background()
	p := env.NewPractitioner("Ada", false)
	first := []string{"Sam", "Alex", "Maria", "Chris", "Zoë", "Nguyễn", "Aoife", "Olu", "Priya", "Jonas"}
	for i := range 500 {
		name := fmt.Sprintf("%s %s%d", first[i%len(first)], "Person", i)
		if _, err := s.CreateClient(ctx, p.ID, models.ClientInput{DisplayName: &name}); err != nil {
			b.Fatal(err)
		}
	}
	for _, q := range []string{"", "sam", "zoe person4", "christopher", " "} {
		b.Run("q="+q, func(b *testing.B) {
			n := 0
			for b.Loop() {
				rows, _, err := s.ListClients(ctx, p.ID, models.ClientFilter{Query: q}, models.Page{Limit: 50})
				if err != nil {
					b.Fatal(err)
				}
				n = len(rows)
			}
			b.ReportMetric(float64(n), "clients/page")
		})
	}
}
