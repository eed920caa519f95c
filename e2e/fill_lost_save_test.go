package e2e

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/tend-health/tend/internal/testenv"
)

// lossyProxy stands between the browser and Tend and loses the answer to
// the first autosave: Tend commits it, the browser sees the connection
// drop. It records the save id of every autosave it passes on.
type lossyProxy struct {
	mu      sync.Mutex
	saveIDs []string
	codes   []int
}

func (lp *lossyProxy) handler(t *testing.T, backend string) http.Handler {
	u, err := url.Parse(backend)
	if err != nil {
		t.Fatal(err)
	}
	rp := httputil.NewSingleHostReverseProxy(u)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPut || r.URL.Path != "/f/draft" {
			rp.ServeHTTP(w, r)
			return
		}
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		var req struct {
			SaveID string `json:"save_id"`
		}
		_ = json.Unmarshal(body, &req)
		rec := httptest.NewRecorder()
		rp.ServeHTTP(rec, r)
		lp.mu.Lock()
		lp.saveIDs, lp.codes = append(lp.saveIDs, req.SaveID), append(lp.codes, rec.Code)
		first := len(lp.codes) == 1
		lp.mu.Unlock()
		if first {
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				conn.Close()
			}
			return
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		w.Write(rec.Body.Bytes())
	})
}

// TestFillAutosaveLostResponse: the first autosave is stored but its
// answer is lost on the way back; the page's retry carries the same save
// id, so the page says "Saved", never that the answers were changed
// elsewhere.
func TestFillAutosaveLostResponse(t *testing.T) {
	NeedBrowser(t)
	t.Parallel()
	env := testenv.New(t, testenv.DB{Name: "sqlite"})
	lp := &lossyProxy{}
	proxy := httptest.NewServer(lp.handler(t, env.Serve()))
	t.Cleanup(proxy.Close)
	srv := &Server{URL: proxy.URL, Env: env}
	a := Assign(t, srv, env.NewPractitioner("Ada Lovelace", false), "weekly-connection-checkin")
	pg := Page{T: t, Ctx: NewTab(t, TabOptions{})}
	pg.Go(a.Link)
	pg.ClickAndWait(`a.button[href="/f/form"]`)

	pg.Type("#q-week_notes", "said once, saved once")
	waitStored(t, a, "week_notes", "said once, saved once")
	waitStatus(t, pg, "Saved")
	time.Sleep(500 * time.Millisecond)
	status, err := chromedp.Run(pg.Ctx, chromedp.Evaluate[string](`document.getElementById("save-status").textContent`))
	if err != nil || !has(status, "Saved") || has(status, "another window") {
		t.Fatalf("status after the lost answer: %q %v", status, err)
	}
	lp.mu.Lock()
	ids, codes := lp.saveIDs, lp.codes
	lp.mu.Unlock()
	if len(ids) < 2 || ids[0] == "" || ids[1] != ids[0] || codes[0] != 200 || codes[1] != 200 {
		t.Fatalf("autosaves: ids %q codes %v; want the retry to carry the lost save's id and get 200", ids, codes)
	}
}
