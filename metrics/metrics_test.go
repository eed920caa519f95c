package metrics_test

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"github.com/tend-health/tend/internal/testenv"
)

// canary is a client name that must never turn up in a label.
const canary = "Zebulon Quillfeather"

var uuidLike = regexp.MustCompile(`[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}|[0-9a-fA-F]{16,}|[A-Za-z0-9_-]{24,}`)

// TestMetricsScrape: with the metrics listener on, a page, a 404, client
// autosaves (one saved, one stale), a submit and a PDF move the counters
// under their route patterns and final statuses; the pool and the PDF
// queue are there; no label holds a token, an id or a name.
func TestMetricsScrape(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			env := testenv.New(t, db)
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			stop := env.Tend.Metrics.Serve(ln)
			defer func() {
				ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
				defer cancel()
				if err := stop(ctx); err != nil {
					t.Errorf("stop: %v", err)
				}
			}()
			p := env.NewPractitioner("Ada Lovelace", false)
			resp, body := p.API("POST", "/api/v1/clients", map[string]any{"display_name": canary})
			testenv.WantStatus(t, "create client", resp, body, 201)
			cid := testenv.JSON(t, body)["id"].(string)
			resp, body = p.API("POST", "/api/v1/clients/"+cid+"/assignments", map[string]any{"worksheet_key": "weekly-connection-checkin"})
			testenv.WantStatus(t, "assign", resp, body, 201)
			a := testenv.JSON(t, body)
			aid, link := a["id"].(string), a["link"].(string)
			token := link[strings.LastIndex(link, "/")+1:]

			web := p.Web()
			resp, body = web.Get("/clients/" + cid)
			testenv.WantStatus(t, "client page", resp, body, 200)
			resp, body = web.Get("/no-such-page/" + token)
			testenv.WantStatus(t, "unknown page", resp, body, 404)
			resp, body = web.Get("/assignments/" + aid + "/pdf")
			testenv.WantStatus(t, "pdf", resp, body, 200)

			answers := map[string]any{"stress": 3.0, "asked_help": false, "asked_help_barrier": "", "week_notes": canary}
			fill := func(method, path string, v any) int {
				resp, body := env.Do(jsonReq(method, path, token, v))
				_ = body
				return resp.StatusCode
			}
			if s := fill("PUT", "/api/v1/fill/draft", map[string]any{"version": 0, "answers": answers}); s != 200 {
				t.Fatalf("autosave: %d", s)
			}
			if s := fill("PUT", "/api/v1/fill/draft", map[string]any{"version": 0, "answers": answers}); s != 409 {
				t.Fatalf("stale autosave: %d", s)
			}
			if s := fill("POST", "/api/v1/fill/submit", map[string]any{"answers": answers}); s != 200 {
				t.Fatalf("submit: %d", s)
			}

			fams := scrape(t, "http://"+ln.Addr().String()+"/metrics")
			for _, want := range []struct {
				name   string
				labels map[string]string
				min    float64
			}{
				{"tend_http_requests_total", map[string]string{"method": "GET", "route": "/clients/:id", "status": "200"}, 1},
				{"tend_http_requests_total", map[string]string{"method": "GET", "route": "unmatched", "status": "404"}, 1},
				{"tend_http_requests_total", map[string]string{"method": "GET", "route": "/assignments/:id/pdf", "status": "200"}, 1},
				{"tend_http_requests_total", map[string]string{"method": "PUT", "route": "/api/v1/fill/draft", "status": "409"}, 1},
				{"tend_http_request_duration_seconds", map[string]string{"method": "PUT", "route": "/api/v1/fill/draft", "status": "200"}, 1},
				{"tend_draft_saves_total", map[string]string{"outcome": "ok"}, 1},
				{"tend_draft_saves_total", map[string]string{"outcome": "conflict"}, 1},
				{"tend_submits_total", map[string]string{"outcome": "ok"}, 1},
				{"tend_pdf_slots", nil, 1},
				{"tend_pdf_slots_in_use", nil, 0},
				{"tend_pdf_refused_total", nil, 0},
				{"go_sql_open_connections", map[string]string{"db_name": "tend"}, 1},
				{"go_sql_wait_count_total", map[string]string{"db_name": "tend"}, 0},
			} {
				if got, ok := value(fams, want.name, want.labels); !ok || got < want.min {
					t.Errorf("%s%v = %v (found %v), want at least %v", want.name, want.labels, got, ok, want.min)
				}
			}
			for name, f := range fams {
				for _, m := range f.GetMetric() {
					for _, l := range m.GetLabel() {
						v := l.GetValue()
						if strings.Contains(v, token) || strings.Contains(v, cid) || strings.Contains(v, aid) ||
							strings.Contains(v, "Zebulon") || (strings.HasPrefix(name, "tend_") && uuidLike.MatchString(v)) {
							t.Errorf("%s has label %s=%q: an id, a token or a name", name, l.GetName(), v)
						}
					}
				}
			}
		})
	}
}

func jsonReq(method, path, token string, v any) *http.Request {
	req := httptest.NewRequest(method, path, strings.NewReader(toJSON(v)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	return req
}

// scrape fetches url over HTTP and parses it with the Prometheus text parser.
func scrape(t *testing.T, url string) map[string]*dto.MetricFamily {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("scrape: %d %s", resp.StatusCode, b)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return fams
}

// value is the sum over name's series whose labels include want (a
// histogram counts its observations).
func value(fams map[string]*dto.MetricFamily, name string, want map[string]string) (float64, bool) {
	f, ok := fams[name]
	if !ok {
		return 0, false
	}
	var sum float64
	found := false
next:
	for _, m := range f.GetMetric() {
		have := map[string]string{}
		for _, l := range m.GetLabel() {
			have[l.GetName()] = l.GetValue()
		}
		for k, v := range want {
			if have[k] != v {
				continue next
			}
		}
		found = true
		switch {
		case m.Counter != nil:
			sum += m.GetCounter().GetValue()
		case m.Gauge != nil:
			sum += m.GetGauge().GetValue()
		case m.Histogram != nil:
			sum += float64(m.GetHistogram().GetSampleCount())
		case m.Untyped != nil:
			sum += m.GetUntyped().GetValue()
		}
	}
	return sum, found
}

func toJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}
