package models_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/worksheets"
)

// TestUpgradeKeepsEveryAnswer: a database written by release 1 (its schema,
// its rows, answers encrypted as it encrypted them) is migrated through
// every later step, and the store then reads back the same answers, score
// and flag, the instructions and the client. Step 11 moves names,
// instructions, flag messages and scores out of their plaintext columns;
// sealing them with the key (as every start does, in batches) leaves none
// of them in the clear in the database, and a second pass finds nothing.
func TestUpgradeKeepsEveryAnswer(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			old, url := openFresh(t, db)
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
					[]any{"c1", "p1", "Sam Canaryson", at, at, at}},
				{"INSERT INTO worksheet_versions (id, key, version, title, definition, source, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
					[]any{"w1", def.Key, 1, def.Title, string(defJSON), "builtin", at}},
				{"INSERT INTO assignments (id, practitioner_id, client_id, worksheet_version_id, worksheet_key, instructions, status, submitted_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
					[]any{"a1", "p1", "c1", "w1", def.Key, "Instr-canary: after the funeral", models.StatusSubmitted, at, at, at}},
				{"INSERT INTO assignments (id, practitioner_id, client_id, worksheet_version_id, worksheet_key, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
					[]any{"a2", "p1", "c1", "w1", def.Key, models.StatusAssigned, at, at}},
				{"INSERT INTO responses (assignment_id, answers_enc, version, saved_at, submitted_at) VALUES (?, ?, ?, ?, ?)",
					[]any{"a1", enc, 3, at, at}},
				{"INSERT INTO scores (id, assignment_id, client_id, worksheet_key, scale, title, value, band, min, max, submitted_at, practitioner_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
					[]any{"s1", "a1", "c1", def.Key, "strain", "Stress and loneliness", 8.5, "Band-canary", 0.0, 10.0, at, "p1"}},
				{"INSERT INTO scores (id, assignment_id, client_id, worksheet_key, scale, title, band, meaning, note, min, max, submitted_at, practitioner_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
					[]any{"s2", "a1", "c1", def.Key, "other", "Other", "", "", "not scored: only 1 of 3 questions answered (2 needed)", 0.0, 10.0, at, "p1"}},
				{"INSERT INTO flags (id, assignment_id, practitioner_id, rule, severity, message, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
					[]any{"f1", "a1", "p1", "lonely_high", "medium", "Lonely-canary this week.", at}},
			}
			for _, r := range rows {
				if err := old.Exec(r.sql, r.args...).Error; err != nil {
					t.Fatalf("release-1 row: %v\n%s", err, r.sql)
				}
			}

			if err := models.Migrate(old); err != nil {
				t.Fatalf("upgrade: %v", err)
			}
			if res, err := models.SealPlaintext(t.Context(), old, crypt, 2); err != nil || res.Rewritten != 5 {
				t.Fatalf("sealing after the upgrade: %+v %v, want 5 values (a name, instructions, two scores, a flag)", res, err)
			}
			if res, err := models.SealPlaintext(t.Context(), old, crypt, 2); err != nil || res.Rewritten != 0 {
				t.Fatalf("sealing again: %+v %v, want nothing to do", res, err)
			}
			s := models.NewStore(old, crypt, func() time.Time { return at.Add(time.Hour) })
			v, err := s.AssignmentByID(t.Context(), "p1", "a1")
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(v.Answers, answers) {
				t.Errorf("answers after the upgrade:\n got %v\nwant %v", v.Answers, answers)
			}
			if len(v.Scores) != 2 || v.Scores[0].Value == nil || *v.Scores[0].Value != 8.5 || v.Scores[0].Band != "Band-canary" || v.Scores[0].Prorated ||
				v.Scores[1].Value != nil || v.Scores[1].Note != "not scored: only 1 of 3 questions answered (2 needed)" {
				t.Errorf("scores after the upgrade: %+v", v.Scores)
			}
			if len(v.Flags) != 1 || v.Flags[0].Rule != "lonely_high" || v.Flags[0].Message != "Lonely-canary this week." || v.Flags[0].Draft() || v.Flags[0].WithdrawnAt != nil {
				t.Errorf("flag after the upgrade: %+v", v.Flags)
			}
			if v.Instructions != "Instr-canary: after the funeral" || v.ClientName != "Sam Canaryson" {
				t.Errorf("after the upgrade: instructions %q, client %q", v.Instructions, v.ClientName)
			}
			if a2, err := s.AssignmentByID(t.Context(), "p1", "a2"); err != nil || a2.Instructions != "" {
				t.Errorf("an assignment without instructions after the upgrade: %v %q", err, a2.Instructions)
			}
			if c, err := s.ClientByID(t.Context(), "p1", "c1"); err != nil || c.DisplayName != "Sam Canaryson" {
				t.Errorf("client after the upgrade: %v %v", c, err)
			}
			if found, _, err := s.ListClients(t.Context(), "p1", models.ClientFilter{Query: "canarys"}, models.Page{}); err != nil || len(found) != 1 {
				t.Errorf("search after the upgrade: %d clients, %v", len(found), err)
			}
			path := ""
			if db.Name == "sqlite" {
				path = strings.TrimPrefix(url, "sqlite:")
			}
			for _, leak := range plaintextLeft(t, old, path, "Canaryson", "Instr-canary", "Band-canary", "Lonely-canary", "questions answered", "plain:") {
				t.Errorf("%q is in the database in the clear after the upgrade", leak)
			}
			// Step 9 counted the history Today's counts show.
			if n, err := s.StatusCounts(t.Context(), "p1"); err != nil || n[models.StatusSubmitted] != 1 || n[models.StatusAssigned] != 1 || len(n) != 2 {
				t.Errorf("counts after the upgrade: %v %v", n, err)
			}
		})
	}
}
