package api_test

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
)

// Erasing a client removes every row and ciphertext about them: afterwards
// neither the SQLite file (and its write-ahead log) nor any PostgreSQL
// table holds their name, email, notes, answers or link; one audit event
// says an erasure happened, with no personal data. Another client of the
// same practitioner is untouched.
func TestAPIEraseClient(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			env := testenv.New(t, db)
			ctx := context.Background()
			p := env.NewPractitioner("Ada Therapist", false)
			keep := p.AssignNew("weekly-connection-checkin", "")
			resp, body := p.API("POST", "/api/v1/clients", map[string]any{"display_name": "Zephyrine Quillfeather",
				"email": "zq.erasable@example.org"})
			testenv.WantStatus(t, "client", resp, body, 201)
			cid := testenv.JSON(t, body)["id"].(string)
			background := "Prefers mornings; marmalade-lighthouse"
			if _, err := env.Store.UpdateClient(ctx, p.ID, cid, models.ClientInput{Notes: &background}); err != nil {
				t.Fatal(err)
			}
			resp, body = p.API("POST", "/api/v1/clients/"+cid+"/assignments", map[string]any{"worksheet_key": "weekly-connection-checkin"})
			testenv.WantStatus(t, "assign", resp, body, 201)
			link := testenv.JSON(t, body)["link"].(string)
			token := link[strings.LastIndex(link, "/")+1:]
			// The client opens the link (a fill session) and sends answers
			// that raise a flag; the practitioner writes a note.
			if resp, body := env.NewClient().Get("/w/" + token); resp.StatusCode != 303 {
				t.Fatalf("open link: %d %s", resp.StatusCode, body)
			}
			resp, body = env.API(token, "POST", "/api/v1/fill/submit", map[string]any{"answers": map[string]any{
				"loneliness": 9, "asked_help": false, "asked_help_barrier": "velvet-harbour", "harm_thoughts": true}})
			testenv.WantStatus(t, "submit", resp, body, 200)
			if _, err := env.Store.AddNote(ctx, p.ID, cid, "", "Talked about the orchard-sparrow."); err != nil {
				t.Fatal(err)
			}
			resp, body = p.API("POST", "/api/v1/clients/"+cid+"/home-link", nil)
			testenv.WantStatus(t, "own page", resp, body, 201)
			// A weekly schedule and a course, each released once already.
			resp, body = p.API("POST", "/api/v1/clients/"+cid+"/schedules", map[string]any{"worksheet_keys": []string{"support-map"},
				"every": "week", "weekday": 1, "start_on": "2026-11-02", "count": 8, "release_time": "00:00", "instructions": "tangerine-compass"})
			testenv.WantStatus(t, "schedule", resp, body, 201)
			resp, body = p.API("POST", "/api/v1/clients/"+cid+"/courses", map[string]any{"course_key": "doing-it-all-alone",
				"start_on": "2026-11-02", "release_time": "00:00"})
			testenv.WantStatus(t, "course", resp, body, 201)
			if _, err := env.Store.ReleaseDue(ctx, env.Clock.Now()); err != nil {
				t.Fatal(err)
			}
			if n := clientRows(t, env, cid, "releases"); n < 2 {
				t.Fatalf("fixture: want the schedule and the course released, got %d releases", n)
			}
			secrets := []string{"Zephyrine", "Quillfeather", "zq.erasable@example.org", "tangerine-compass"}
			secrets = append(secrets, clientCiphertexts(t, env, cid)...)
			if len(secrets) < 9 {
				t.Fatalf("fixture: expected ciphertexts of notes, answers and link, got %d strings", len(secrets))
			}

			other := env.NewPractitioner("Mallory", false)
			resp, _ = other.API("DELETE", "/api/v1/clients/"+cid+"?erase=true", nil)
			testenv.WantStatus(t, "someone else's", resp, "", 404)
			resp, body = p.API("DELETE", "/api/v1/clients/"+cid+"?erase=maybe", nil)
			testenv.WantStatus(t, "bad flag", resp, body, 422)
			resp, body = p.API("DELETE", "/api/v1/clients/"+cid+"?erase=true", nil)
			testenv.WantStatus(t, "erase", resp, body, 204)

			resp, _ = p.API("GET", "/api/v1/clients/"+cid, nil)
			testenv.WantStatus(t, "gone", resp, "", 404)
			for _, tb := range []string{"schedules", "course_enrolments", "releases", "assignments"} {
				if n := clientRows(t, env, cid, tb); n != 0 {
					t.Errorf("%d rows of the erased client are still in %s", n, tb)
				}
			}
			// Later releases find nothing to send them.
			env.Clock.Advance(15 * 24 * time.Hour)
			if rep, err := env.Store.ReleaseDue(ctx, env.Clock.Now()); err != nil || rep != (models.ReleaseReport{}) {
				t.Errorf("releases after the erasure: %+v %v", rep, err)
			}
			if n := clientRows(t, env, cid, "assignments"); n != 0 {
				t.Errorf("a release after the erasure made %d assignments for the erased client", n)
			}
			if resp, _ := env.API(token, "GET", "/api/v1/fill", nil); resp.StatusCode != 401 && resp.StatusCode != 404 {
				t.Fatalf("the erased client's link still answers %d", resp.StatusCode)
			}
			if _, err := env.Store.ClientByID(ctx, p.ID, keep.ClientID); err != nil {
				t.Fatalf("the other client was touched: %v", err)
			}
			evs, _ := env.Store.AuditEvents(ctx, 100)
			erasures := 0
			for _, e := range evs {
				if e.Action == "client.erase" {
					erasures++
				}
			}
			if erasures != 1 {
				t.Fatalf("want one client.erase audit event, got %d", erasures)
			}
			// An admin may erase any practitioner's client (archiving stays the owner's).
			admin := env.NewPractitioner("Admin Person", true)
			resp, _ = admin.API("DELETE", "/api/v1/clients/"+keep.ClientID, nil)
			testenv.WantStatus(t, "admin archives another's client", resp, "", 404)
			resp, _ = admin.API("DELETE", "/api/v1/clients/"+keep.ClientID+"?erase=true", nil)
			testenv.WantStatus(t, "admin erases", resp, "", 204)
			if _, err := env.Store.ClientByID(ctx, p.ID, keep.ClientID); err != models.ErrNotFound {
				t.Fatalf("the admin's erasure left the client: %v", err)
			}
			for _, s := range secrets {
				if where := findInDatabase(t, env, s); where != "" {
					t.Errorf("%q is still in %s after erasure", s, where)
				}
			}
		})
	}
}

// clientRows counts the rows of table with client_id cid.
func clientRows(t *testing.T, env *testenv.Env, cid, table string) int64 {
	t.Helper()
	var n int64
	if err := env.Store.DB().Table(table).Where("client_id = ?", cid).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

// clientCiphertexts reads the stored ciphertexts and hashes of a client.
func clientCiphertexts(t *testing.T, env *testenv.Env, cid string) []string {
	t.Helper()
	var out []string
	db := env.Store.DB()
	for _, q := range []string{
		"SELECT notes_enc FROM clients WHERE id = ?",
		"SELECT text_enc FROM notes WHERE client_id = ?",
		"SELECT link_token_hash FROM assignments WHERE client_id = ?",
		"SELECT token_hash FROM home_links WHERE client_id = ?",
		"SELECT answers_enc FROM responses WHERE assignment_id IN (SELECT id FROM assignments WHERE client_id = ?)",
		"SELECT token_hash FROM fill_sessions WHERE assignment_id IN (SELECT id FROM assignments WHERE client_id = ?)",
	} {
		var vals []string
		if err := db.Raw(q, cid).Scan(&vals).Error; err != nil {
			t.Fatal(err)
		}
		for _, v := range vals {
			if v != "" {
				out = append(out, v)
			}
		}
	}
	return out
}

// findInDatabase says where s still is: in the SQLite file or its log
// (read raw), or in a PostgreSQL table (every row of every table as text).
func findInDatabase(t *testing.T, env *testenv.Env, s string) string {
	t.Helper()
	if env.DBName == "sqlite" {
		for _, f := range []string{env.SQLitePath, env.SQLitePath + "-wal"} {
			data, err := os.ReadFile(f)
			if err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
			if bytes.Contains(data, []byte(s)) {
				return f
			}
		}
		return ""
	}
	db := env.Store.DB()
	tables, err := db.Migrator().GetTables()
	if err != nil || len(tables) < 10 {
		t.Fatalf("tables: %v %v", tables, err)
	}
	for _, tb := range tables {
		var n int64
		if err := db.Raw("SELECT count(*) FROM "+tb+" t WHERE strpos(t::text, ?) > 0", s).Scan(&n).Error; err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			return "table " + tb
		}
	}
	return ""
}
