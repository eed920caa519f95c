package fill_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/tend-health/tend/internal/testenv"
)

// BenchmarkAutosave is the client API's autosave as the bench harness
// sends it: PUT /api/v1/fill/draft with the link token as bearer, over
// loopback, each save on the version the last one made. Compare
// cpu-ms/op (this process's CPU, client and server, per save, as the
// harness counts it), not wall time; profile it with -cpuprofile.
func BenchmarkAutosave(b *testing.B) {
	for _, db := range testenv.Databases(b) {
		b.Run(db.Name, func(b *testing.B) {
			env := testenv.New(b, db)
			p := env.NewPractitioner("Bench Autosave", false)
			tok := p.AssignNew("weekly-connection-checkin", "").Token()
			base := env.Serve()
			client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4}}
			b.ReportAllocs()
			b.ResetTimer()
			cpu0 := testenv.ProcessCPU()
			for i := 0; i < b.N; i++ {
				body, _ := json.Marshal(map[string]any{"version": i, "answers": map[string]any{
					"stress": 5, "loneliness": 3, "asked_help": false,
					"week_notes": "A calmer week. I asked my sister to pick me up and it was fine."}})
				req, _ := http.NewRequest("PUT", base+"/api/v1/fill/draft", bytes.NewReader(body))
				req.Header.Set("Authorization", "Bearer "+tok)
				req.Header.Set("Content-Type", "application/json")
				resp, err := client.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				got, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					b.Fatalf("save %d: %d %s", i, resp.StatusCode, got)
				}
			}
			b.ReportMetric(float64(testenv.ProcessCPU()-cpu0)/1e6/float64(b.N), "cpu-ms/op")
		})
	}
}
