package api_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tend-health/tend/config"
	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/worksheets"
)

func pdfText(t *testing.T, pdf []byte) string { return testenv.PDFText(t, pdf) }

// submitCheckin submits a self-reliance check-in with every item at value.
func submitCheckin(t *testing.T, f *fixture, id string, value float64, note string) {
	t.Helper()
	ctx := context.Background()
	v, err := f.env.Store.FillAssignment(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	def := v.Worksheet.Def
	ans := worksheets.Answers{}
	for _, s := range def.Sections {
		for _, it := range s.Items {
			if it.Type == worksheets.TypeLikert {
				ans[it.ID] = value
			}
		}
	}
	if note != "" {
		for _, s := range def.Sections {
			for _, it := range s.Items {
				if it.Type == worksheets.TypeLongText {
					ans[it.ID] = note
				}
			}
		}
	}
	clean, errs := def.ValidateAnswers(ans, worksheets.Submit)
	if len(errs) > 0 {
		t.Fatalf("fixture answers invalid: %v", errs)
	}
	_, _, err = f.env.Store.Submit(ctx, id, models.Submission{Answers: clean, Scores: def.Score(clean),
		Flags: def.EvaluateFlags(clean)})
	if err != nil {
		t.Fatal(err)
	}
}

func TestAssignmentAndSummaryPDF(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, db)
			note := "Tôi không muốn nhờ ai giúp đỡ — this week felt heavy 😊"
			submitCheckin(t, f, f.assignment, 3, note)
			if _, err := f.env.Store.AddNote(context.Background(), f.p.ID, f.clientID, f.assignment, "Discuss the weekend plan."); err != nil {
				t.Fatal(err)
			}
			resp, body := f.p.API("GET", "/api/v1/assignments/"+f.assignment+"/pdf", nil)
			if resp.StatusCode != 200 {
				t.Fatalf("assignment pdf: %d %s", resp.StatusCode, body)
			}
			if ct := resp.Header.Get("Content-Type"); ct != "application/pdf" {
				t.Fatalf("content type %q", ct)
			}
			cd := resp.Header.Get("Content-Disposition")
			if !regexp.MustCompile(`^attachment; filename="[a-z0-9.-]+\.pdf"$`).MatchString(cd) || strings.Contains(strings.ToLower(cd), "sam") {
				t.Fatalf("filename must be server-made without the client's name: %q", cd)
			}
			if resp.Header.Get("Cache-Control") != "no-store" {
				t.Fatal("PDF may be cached")
			}
			for _, bad := range []string{"/JavaScript", "/OpenAction", "/Launch"} {
				if bytes.Contains([]byte(body), []byte(bad)) {
					t.Fatalf("PDF contains %s", bad)
				}
			}
			text := pdfText(t, []byte(body))
			for _, want := range []string{"Sam K.", "Ada Therapist", "Tôi không muốn nhờ ai giúp đỡ — this week felt heavy", "Discuss the weekend plan.", "Confidential"} {
				if !strings.Contains(text, want) {
					t.Errorf("assignment PDF lacks %q", want)
				}
			}
			// Two more administrations a week apart, then the session summary.
			for _, val := range []float64{2, 1} {
				f.env.Clock.Advance(7 * 24 * time.Hour)
				_, b := f.p.API("POST", "/api/v1/clients/"+f.clientID+"/assignments", map[string]any{"worksheet_key": "self-reliance-checkin"})
				id := testenv.JSON(t, b)["id"].(string)
				submitCheckin(t, f, id, val, "")
			}
			summary := "/api/v1/clients/" + f.clientID + "/summary.pdf?from=2026-11-01&answers=1"
			resp, body = f.p.API("GET", summary, nil)
			if resp.StatusCode != 200 {
				t.Fatalf("summary pdf: %d %s", resp.StatusCode, body)
			}
			text = pdfText(t, []byte(body))
			for _, want := range []string{"Sam K.", "Tôi không muốn nhờ ai giúp đỡ", "→", "1 Nov – 16 Nov 2026"} {
				if !strings.Contains(text, want) {
					t.Errorf("summary PDF lacks %q", want)
				}
			}
			// Downloading changes nothing: the same request gives the same PDF.
			resp, again := f.p.API("GET", summary, nil)
			if resp.StatusCode != 200 || pdfText(t, []byte(again)) != text {
				t.Error("a second download of the same summary differs")
			}
			for q, field := range map[string]string{"from=yesterday": "from", "to=2026-13-01": "to",
				"from=2026-11-10&to=2026-11-09": "to", "answers=yes": "answers", "copy=mine": "copy"} {
				resp, body = f.p.API("GET", "/api/v1/clients/"+f.clientID+"/summary.pdf?"+q, nil)
				if resp.StatusCode != 422 || !strings.Contains(body, `"`+field+`"`) {
					t.Errorf("%s: want 422 naming %q, got %d %s", q, field, resp.StatusCode, body)
				}
			}
		})
	}
}

// TestPDFBurst: with one render slot and a short wait, a burst of PDF
// requests over real connections gets PDFs or 503 with Retry-After, never
// a 500, and at least one PDF comes through.
func TestPDFBurst(t *testing.T) {
	t.Parallel()
	env := testenv.New(t, testenv.DB{Name: "sqlite"}, func(c *config.Config) {
		c.PDFConcurrency, c.PDFWait = 1, time.Millisecond
	})
	p := env.NewPractitioner("Burst", false)
	_, body := p.API("POST", "/api/v1/clients", map[string]any{"display_name": "B."})
	cid := testenv.JSON(t, body)["id"].(string)
	_, body = p.API("POST", "/api/v1/clients/"+cid+"/assignments", map[string]any{"worksheet_key": "self-reliance-checkin"})
	id := testenv.JSON(t, body)["id"].(string)
	f := &fixture{env: env, p: p, clientID: cid, assignment: id}
	submitCheckin(t, f, id, 3, strings.Repeat("A long answer that makes the render take a while. ", 200))
	base := env.Serve()
	const burst = 12
	// One burst almost always overlaps; a few tries keep an unlucky
	// schedule from failing the test, while a missing limit (all 200s)
	// still fails it.
	var counts map[int]int
	for try := 0; try < 3 && counts[503] == 0; try++ {
		counts = map[int]int{}
		var wg sync.WaitGroup
		var mu sync.Mutex
		for i := 0; i < burst; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				req, _ := http.NewRequest("GET", base+"/api/v1/assignments/"+id+"/pdf", nil)
				req.Header.Set("Authorization", "Bearer "+p.APIToken)
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Error(err)
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode == 503 && resp.Header.Get("Retry-After") == "" {
					t.Error("503 without Retry-After")
				}
				mu.Lock()
				counts[resp.StatusCode]++
				mu.Unlock()
			}()
		}
		wg.Wait()
	}
	if counts[200] == 0 || counts[503] == 0 || counts[200]+counts[503] != burst {
		t.Fatalf("a burst of %d on one slot: want PDFs and 503s only, at least one of each, got %v", burst, counts)
	}
	t.Logf("burst of %d with 1 slot: %d PDFs, %d × 503", burst, counts[200], counts[503])
}
