package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/tend-health/tend/internal/caseload"
	"github.com/tend-health/tend/internal/testenv"
)

// BenchmarkTodayPage serves GET / (Today) to a signed-in practitioner over
// loopback, as the bench harness reloads it while clients autosave (go run
// ./bench), on a history seeded like the harness's (caseload.Seed). Compare
// cpu-ms/op (this process's CPU, client and server, per page), not wall
// time; profile it with -cpuprofile.
func BenchmarkTodayPage(b *testing.B) {
	for _, db := range testenv.Databases(b) {
		for _, size := range []int{1000, 20000} {
			b.Run(fmt.Sprintf("%s/%d", db.Name, size), func(b *testing.B) {
				env := testenv.New(b, db)
				p := env.NewPractitioner("Bench Today", false)
				if _, err := caseload.Seed(context.Background(), env.Store, p.ID, size); err != nil {
					b.Fatal(err)
				}
				base := env.Serve()
				req, _ := http.NewRequest("GET", base+"/", nil)
				req.Header.Set("Cookie", "tend_session="+p.Web().Cookie("tend_session"))
				hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
				get := func() int64 {
					resp, err := hc.Do(req)
					if err != nil {
						b.Fatal(err)
					}
					body, _ := io.ReadAll(resp.Body)
					resp.Body.Close()
					if resp.StatusCode != 200 || !strings.Contains(string(body), "Overdue") {
						b.Fatalf("today: %d", resp.StatusCode)
					}
					return int64(len(body))
				}
				b.SetBytes(get())
				b.ReportAllocs()
				b.ResetTimer()
				cpu0 := testenv.ProcessCPU()
				for i := 0; i < b.N; i++ {
					get()
				}
				b.ReportMetric(float64(testenv.ProcessCPU()-cpu0)/1e6/float64(b.N), "cpu-ms/op")
			})
		}
	}
}
