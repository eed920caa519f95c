package models_test

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/worksheets"
)

// TestUpgradeKeepsEveryAnswer: a database written by release 1 (its schema,
// its rows, answers encrypted as it encrypted them) is migrated through
// every later step, and the store then reads back the same answers, score
// and flag, and the client.
func TestUpgradeKeepsEveryAnswer(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			old, _ := openFresh(t, db)
			if err := models.MigrateLikeRelease1(old); err != nil {
				t.Fatal(err)
			}
			line, err := models.NewKeyLine("k1")
			if err != nil {
				t.Fatal(err)
			}
			crypt, err := models.ParseKeyring(line)
			if err != nil {
				t.Fatal(err)
			}
			lib, err := worksheets.Library()
			if err != nil {
				t.Fatal(err)
			}
			var def *worksheets.Definition
			for _, d := range lib {
				if d.Key == "weekly-connection-checkin" {
					def = d
				}
			}
			defJSON, _ := json.Marshal(def)
			answers := worksheets.Answers{"stress": 7.0, "loneliness": 9.0, "asked_help": true,
				"who_helped": "Mi hermana — Tôi không muốn nhờ ai giúp đỡ", "harm_thoughts": false}
			plain, _ := json.Marshal(answers)
			enc, err := crypt.Encrypt(plain, "responses.answers|a1")
			if err != nil {
				t.Fatal(err)
			}
			at := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
			rows := []struct {
				sql  string
				args []any
			}{
				{"INSERT INTO practitioners (id, email, name, password_hash, role, time_zone, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
					[]any{"p1", "ada@example.org", "Ada", "x", "admin", "UTC", at, at}},
				{"INSERT INTO clients (id, practitioner_id, display_name, last_summary_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
					[]any{"c1", "p1", "Sam K.", at, at, at}},
				{"INSERT INTO worksheet_versions (id, key, version, title, definition, source, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
					[]any{"w1", def.Key, 1, def.Title, string(defJSON), "builtin", at}},
				{"INSERT INTO assignments (id, practitioner_id, client_id, worksheet_version_id, worksheet_key, status, submitted_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
					[]any{"a1", "p1", "c1", "w1", def.Key, models.StatusSubmitted, at, at, at}},
				{"INSERT INTO responses (assignment_id, answers_enc, version, saved_at, submitted_at) VALUES (?, ?, ?, ?, ?)",
					[]any{"a1", enc, 3, at, at}},
				{"INSERT INTO scores (id, assignment_id, client_id, worksheet_key, scale, title, value, band, min, max, submitted_at, practitioner_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
					[]any{"s1", "a1", "c1", def.Key, "strain", "Stress and loneliness", 8.0, "high", 0.0, 10.0, at, "p1"}},
				{"INSERT INTO flags (id, assignment_id, practitioner_id, rule, severity, message, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
					[]any{"f1", "a1", "p1", "lonely_high", "medium", "Lonely this week.", at}},
			}
			for _, r := range rows {
				if err := old.Exec(r.sql, r.args...).Error; err != nil {
					t.Fatalf("release-1 row: %v\n%s", err, r.sql)
				}
			}

			if err := models.Migrate(old); err != nil {
				t.Fatalf("upgrade: %v", err)
			}
			s := models.NewStore(old, crypt, func() time.Time { return at.Add(time.Hour) })
			v, err := s.AssignmentByID(t.Context(), "p1", "a1")
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(v.Answers, answers) {
				t.Errorf("answers after the upgrade:\n got %v\nwant %v", v.Answers, answers)
			}
			if len(v.Scores) != 1 || v.Scores[0].Value == nil || *v.Scores[0].Value != 8 || v.Scores[0].Prorated {
				t.Errorf("score after the upgrade: %+v", v.Scores)
			}
			if len(v.Flags) != 1 || v.Flags[0].Rule != "lonely_high" || v.Flags[0].Draft() || v.Flags[0].WithdrawnAt != nil {
				t.Errorf("flag after the upgrade: %+v", v.Flags)
			}
			if c, err := s.ClientByID(t.Context(), "p1", "c1"); err != nil || c.DisplayName != "Sam K." {
				t.Errorf("client after the upgrade: %v %v", c, err)
			}
			// Step 9 counted the history Today's counts show.
			if n, err := s.StatusCounts(t.Context(), "p1"); err != nil || n[models.StatusSubmitted] != 1 || len(n) != 1 {
				t.Errorf("counts after the upgrade: %v %v", n, err)
			}
		})
	}
}
