package pdfdoc_test

import (
	"context"
	"io"
	"net/http"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/worksheets"
)

// BenchmarkClientExport streams the export of a client with 50 and 500
// submitted assignments over real HTTP and reports the peak heap and RSS
// while it runs, and the ZIP's size: the peak should not grow with the
// number of assignments (one assignment is in memory at a time).
//
//	go test ./handlers/pdfdoc -run '^$' -bench ClientExport -benchtime 1x
func BenchmarkClientExport(b *testing.B) {
	for _, n := range []int{50, 500} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			env := testenv.New(b, testenv.DB{Name: "sqlite"})
			p := env.NewPractitioner("Ada Lovelace", false)
			a := p.AssignNew("weekly-connection-checkin", "")
			ctx := context.Background()
			st := env.Store
			words := strings.Repeat("A long week, written out in full. ", 29)
			for i := 0; i < n; i++ {
				v, _, err := st.CreateAssignment(ctx, p.ID, models.NewAssignment{ClientID: a.ClientID, WorksheetKey: "weekly-connection-checkin"},
					models.LinkPolicy{TTL: time.Hour})
				if err != nil {
					b.Fatal(err)
				}
				ans := worksheets.Answers{"stress": float64(i % 11), "loneliness": 4.0, "asked_help": false, "week_notes": words}
				scores := v.Worksheet.Def.Score(ans)
				if _, _, err := st.Submit(ctx, v.ID, models.Submission{Answers: ans, Scores: scores}); err != nil {
					b.Fatal(err)
				}
			}
			url := env.Serve() + "/api/v1/clients/" + a.ClientID + "/export"
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				runtime.GC()
				var before runtime.MemStats
				runtime.ReadMemStats(&before)
				var peakHeap, peakRSS atomic.Uint64
				stop, sampled := make(chan struct{}), make(chan struct{})
				go func() {
					defer close(sampled)
					var m runtime.MemStats
					for {
						runtime.ReadMemStats(&m)
						if m.HeapAlloc > peakHeap.Load() {
							peakHeap.Store(m.HeapAlloc)
						}
						if r := rss(); r > peakRSS.Load() {
							peakRSS.Store(r)
						}
						select {
						case <-stop:
							return
						case <-time.After(5 * time.Millisecond):
						}
					}
				}()
				start := time.Now()
				req, _ := http.NewRequest("GET", url, nil)
				req.Header.Set("Authorization", "Bearer "+p.APIToken)
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				size, err := io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if err != nil || resp.StatusCode != 200 {
					b.Fatalf("export: %d %v", resp.StatusCode, err)
				}
				took := time.Since(start)
				close(stop)
				<-sampled
				b.ReportMetric(float64(peakHeap.Load()-min(peakHeap.Load(), before.HeapAlloc))/(1<<20), "peak-heap-growth-MB")
				b.ReportMetric(float64(peakRSS.Load())/(1<<20), "peak-RSS-MB")
				b.ReportMetric(float64(size)/(1<<20), "zip-MB")
				b.ReportMetric(took.Seconds(), "s/export")
			}
		})
	}
}

// rss is the process's resident set size in bytes (Linux; 0 elsewhere).
func rss() uint64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "VmRSS:") {
			kb, _ := strconv.ParseUint(strings.Fields(line)[1], 10, 64)
			return kb << 10
		}
	}
	return 0
}
