package api_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/worksheets"
)

// acknowledgeHighFlag is TestAcknowledgeHighFlagWithNote on one database.
func acknowledgeHighFlag(t *testing.T, db testenv.DB) {
	f := newFixture(t, db)
	p := f.p
	given := p.AssignNew("weekly-connection-checkin", "")
	id := given.AssignmentID
	ctx := context.Background()
	v, err := f.env.Store.FillAssignment(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	def := v.Worksheet.Def
	clean, _ := def.ValidateAnswers(worksheets.Answers{"asked_help": false, "harm_thoughts": true, "loneliness": 9.0}, worksheets.Submit)
	if _, _, err := f.env.Store.Submit(ctx, id, models.Submission{Answers: clean, Scores: def.Score(clean), Flags: def.EvaluateFlags(clean)}); err != nil {
		t.Fatal(err)
	}
	_, body := p.API("GET", "/api/v1/assignments/"+id, nil)
	flags := testenv.JSON(t, body)["flags"].([]any)
	high, medium := flags[0].(map[string]any), flags[1].(map[string]any)
	if high["severity"] != "high" || high["source"] != "submitted" || medium["severity"] != "medium" {
		t.Fatalf("flags: %s", body)
	}

	resp, body := p.API("POST", "/api/v1/assignments/"+id+"/review", nil)
	testenv.WantStatus(t, "review with a high flag open", resp, body, 422)
	if !strings.Contains(body, `"code":"high_flag_open"`) {
		t.Fatalf("review blocked: %s", body)
	}
	resp, body = p.API("POST", "/api/v1/flags/"+high["id"].(string)+"/acknowledge", map[string]any{"note": "   "})
	testenv.WantStatus(t, "ack without a note", resp, body, 422)
	if !strings.Contains(body, `"field":"note"`) {
		t.Fatalf("422 does not name note: %s", body)
	}
	// A medium flag needs no note.
	resp, body = p.API("POST", "/api/v1/flags/"+medium["id"].(string)+"/acknowledge", nil)
	testenv.WantStatus(t, "ack medium", resp, body, 204)

	const note = "Rang Sam at 14:10; agreed a safety plan, GP informed."
	resp, body = p.API("POST", "/api/v1/flags/"+high["id"].(string)+"/acknowledge", map[string]any{"note": note})
	testenv.WantStatus(t, "ack high", resp, body, 204)
	_, body = p.API("GET", "/api/v1/assignments/"+id, nil)
	high = testenv.JSON(t, body)["flags"].([]any)[0].(map[string]any)
	if high["note"] != note || high["acknowledged_by"] != "Ada Therapist" || high["acknowledged_at"] == nil {
		t.Fatalf("acknowledged flag: %v", high)
	}

	var stored string
	f.env.Store.DB().Raw("SELECT ack_note_enc FROM flags WHERE id = ?", high["id"]).Scan(&stored)
	// The canary is the note's own words: "safety plan" alone is in the
	// built-in worksheets' guides, stored in plain text on purpose.
	const canary = "Rang Sam at 14:10"
	if !strings.HasPrefix(stored, "v1:") || strings.Contains(stored, canary) {
		t.Fatalf("the note is not stored encrypted: %q", stored)
	}
	if f.env.SQLitePath != "" {
		for _, file := range []string{f.env.SQLitePath, f.env.SQLitePath + "-wal"} {
			raw, _ := os.ReadFile(file)
			if strings.Contains(string(raw), canary) {
				t.Fatalf("the note's plaintext is in %s", file)
			}
		}
	}

	resp, body = p.API("GET", "/api/v1/assignments/"+id+"/pdf", nil)
	testenv.WantStatus(t, "pdf", resp, body, 200)
	text := pdfText(t, []byte(body))
	if !strings.Contains(text, "by Ada Therapist: Rang Sam at 14:10; agreed a safety plan, GP informed.") {
		t.Errorf("the PDF lacks the acknowledgement note:\n%s", text)
	}

	resp, body = p.API("GET", "/api/v1/clients/"+given.ClientID+"/summary.pdf?since=2026-11-01", nil)
	testenv.WantStatus(t, "summary pdf", resp, body, 200)
	if text := pdfText(t, []byte(body)); !strings.Contains(text, "agreed a safety plan, GP informed.") {
		t.Errorf("the session summary lacks the acknowledgement note:\n%s", text)
	}

	resp, body = p.API("POST", "/api/v1/assignments/"+id+"/review", nil)
	testenv.WantStatus(t, "review once acknowledged", resp, body, 204)
}

// TestAcknowledgeHighFlagWithNote: a high flag blocks "reviewed" until it
// is acknowledged with a note; the note is required (422 naming note),
// stored encrypted (the plaintext is nowhere in the database), and shows
// in the API and the assignment PDF with who and when.
func TestAcknowledgeHighFlagWithNote(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) { t.Parallel(); acknowledgeHighFlag(t, db) })
	}
}
