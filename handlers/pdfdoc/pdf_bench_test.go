package pdfdoc_test

import (
	"context"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/worksheets"
)

// BenchmarkPDFRequest is one PDF over real HTTP through the practitioner
// API, loading included, on every test database: a submitted weekly
// check-in with a note, and the session summary of a client with 50 scored
// submissions in the period (the most a summary holds), each with a note.
// cpu-ms/op is the whole process's (server and client) CPU per request,
// steadier than the wall clock on a shared machine.
//
//	go test ./handlers/pdfdoc -run '^$' -bench PDFRequest -cpuprofile /tmp/pdf.prof
func BenchmarkPDFRequest(b *testing.B) {
	for _, db := range testenv.Databases(b) {
		b.Run(db.Name, func(b *testing.B) {
			env := testenv.New(b, db)
			p := env.NewPractitioner("Ada Lovelace", false)
			a := p.AssignNew("weekly-connection-checkin", "")
			ctx, st := context.Background(), env.Store
			var last string
			for i := 0; i < 50; i++ {
				v, _, err := st.CreateAssignment(ctx, p.ID, models.NewAssignment{ClientID: a.ClientID, WorksheetKey: "weekly-connection-checkin"},
					models.LinkPolicy{TTL: time.Hour})
				if err != nil {
					b.Fatal(err)
				}
				ans := worksheets.Answers{"stress": float64(i % 11), "loneliness": 4.0, "asked_help": i%3 == 0, "week_notes": "A calmer week."}
				if _, _, err := st.Submit(ctx, v.ID, models.Submission{Answers: ans, Scores: v.Worksheet.Def.Score(ans)}); err != nil {
					b.Fatal(err)
				}
				if _, err := st.AddNote(ctx, p.ID, a.ClientID, v.ID, "Talked it through."); err != nil {
					b.Fatal(err)
				}
				last = v.ID
			}
			base := env.Serve()
			for _, doc := range []struct{ name, path string }{
				{"assignment", "/api/v1/assignments/" + last + "/pdf"},
				{"summary", "/api/v1/clients/" + a.ClientID + "/summary.pdf"},
			} {
				b.Run(doc.name, func(b *testing.B) {
					b.ReportAllocs()
					start, n := testenv.ProcessCPU(), 0
					for b.Loop() {
						n++
						req, _ := http.NewRequest("GET", base+doc.path, nil)
						req.Header.Set("Authorization", "Bearer "+p.APIToken)
						resp, err := http.DefaultClient.Do(req)
						if err != nil {
							b.Fatal(err)
						}
						_, err = io.Copy(io.Discard, resp.Body)
						resp.Body.Close()
						if err != nil || resp.StatusCode != 200 {
							b.Fatalf("%s: %d %v", doc.name, resp.StatusCode, err)
						}
					}
					b.ReportMetric(float64(testenv.ProcessCPU()-start)/float64(n)/float64(time.Millisecond), "cpu-ms/op")
				})
			}
		})
	}
}
