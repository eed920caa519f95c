package fill_test

import (
	"io"
	"net/http"
	"testing"

	"github.com/tend-health/tend/internal/testenv"
)

// BenchmarkFillFormPage serves GET /f/form of the longest built-in
// worksheet from a fill session over loopback, as the bench harness does
// (go run ./bench). Compare cpu-ms/op (this process's CPU, client and
// server, per page, as the harness counts it), not wall time; run with
// -cpuprofile to see where a form page goes.
func BenchmarkFillFormPage(b *testing.B) {
	for _, db := range testenv.Databases(b) {
		b.Run(db.Name, func(b *testing.B) {
			env, p := newFillEnv(b, db)
			a := p.AssignNew("self-reliance-checkin", "Take your time.")
			base := env.Serve()
			hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			resp, err := hc.Get(base + "/w/" + a.Token())
			if err != nil || resp.StatusCode != 303 {
				b.Fatalf("open link: %v %v", resp, err)
			}
			var fill string
			for _, c := range resp.Cookies() {
				if c.Name == "tend_fill" {
					fill = c.Value
				}
			}
			req, _ := http.NewRequest("GET", base+"/f/form", nil)
			req.Header.Set("Cookie", "tend_fill="+fill)
			b.ReportAllocs()
			b.ResetTimer()
			cpu0 := testenv.ProcessCPU()
			for i := 0; i < b.N; i++ {
				resp, err := hc.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				n, _ := io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					b.Fatalf("form: %d", resp.StatusCode)
				}
				b.SetBytes(n)
			}
			b.ReportMetric(float64(testenv.ProcessCPU()-cpu0)/1e6/float64(b.N), "cpu-ms/op")
		})
	}
}
