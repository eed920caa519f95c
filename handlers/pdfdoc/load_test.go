package pdfdoc_test

import (
	"encoding/json"
	"io"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tend-health/tend/config"
	"github.com/tend-health/tend/internal/testenv"
)

// TestSummaryBurstBoundedMemory: 100 parallel summary requests (every
// answer, the most submissions a summary holds) over real HTTP get only
// 200s and 503s with Retry-After, never a 500, and the heap stays far
// below 400 MB: a request takes its render slot before loading anything.
func TestSummaryBurstBoundedMemory(t *testing.T) {
	t.Parallel()
	// The databases run one after the other: the heap is measured per run.
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			env := testenv.New(t, db, func(c *config.Config) { c.PDFConcurrency = 2; c.PDFWait = 2 * time.Second })
			p := env.NewPractitioner("Ada Lovelace", false)
			a := p.AssignNew("weekly-connection-checkin", "")
			notes := strings.Repeat("A long week, written out in full. ", 29)
			for i := 0; i < 50; i++ {
				resp, body := p.API("POST", "/api/v1/clients/"+a.ClientID+"/assignments",
					map[string]any{"worksheet_key": "weekly-connection-checkin", "due_on": "2026-11-09"})
				testenv.WantStatus(t, "assign", resp, body, 201)
				var made struct{ Link string }
				_ = json.Unmarshal([]byte(body), &made)
				tok := made.Link[strings.LastIndex(made.Link, "/")+1:]
				resp, body = env.API(tok, "POST", "/api/v1/fill/submit",
					map[string]any{"answers": map[string]any{"stress": 3, "asked_help": false, "week_notes": notes}})
				testenv.WantStatus(t, "submit", resp, body, 200)
			}
			base := env.Serve()
			url := base + "/api/v1/clients/" + a.ClientID + "/summary.pdf?answers=1&from=2026-10-01"

			runtime.GC()
			var before runtime.MemStats
			runtime.ReadMemStats(&before)
			var peak atomic.Uint64
			stop := make(chan struct{})
			sampled := make(chan struct{})
			go func() {
				defer close(sampled)
				var m runtime.MemStats
				for {
					runtime.ReadMemStats(&m)
					if m.HeapAlloc > peak.Load() {
						peak.Store(m.HeapAlloc)
					}
					select {
					case <-stop:
						return
					case <-time.After(5 * time.Millisecond):
					}
				}
			}()

			var mu sync.Mutex
			codes := map[int]int{}
			var wg sync.WaitGroup
			client := &http.Client{Timeout: time.Minute}
			for i := 0; i < 100; i++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					req, _ := http.NewRequest("GET", url, nil)
					req.Header.Set("Authorization", "Bearer "+p.APIToken)
					resp, err := client.Do(req)
					if err != nil {
						t.Error(err)
						return
					}
					defer resp.Body.Close()
					_, _ = io.Copy(io.Discard, resp.Body)
					mu.Lock()
					defer mu.Unlock()
					codes[resp.StatusCode]++
					if resp.StatusCode == 503 && resp.Header.Get("Retry-After") == "" {
						t.Error("a 503 without Retry-After")
					}
				}()
			}
			wg.Wait()
			close(stop)
			<-sampled
			grew := float64(peak.Load()-min(peak.Load(), before.HeapAlloc)) / (1 << 20)
			t.Logf("100 parallel summaries: %v; heap %.0f MB before, peak %.0f MB (+%.0f MB)",
				codes, float64(before.HeapAlloc)/(1<<20), float64(peak.Load())/(1<<20), grew)
			for code, n := range codes {
				if code != 200 && code != 503 {
					t.Errorf("%d answers with status %d", n, code)
				}
			}
			if codes[200] == 0 {
				t.Error("no summary was made at all")
			}
			if limit := 150.0; grew > limit {
				t.Errorf("the heap grew by %.0f MB during the burst, want under %.0f MB", grew, limit)
			}
		})
	}
}
