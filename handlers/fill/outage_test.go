package fill_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"time"

	"github.com/tend-health/tend/config"
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/tend-health/tend/internal/testenv"
)

// diskFull makes the SQLite database refuse to grow, as a full disk does
// (SQLITE_FULL); full=false gives the room back. The store has one
// connection, so the pragma holds for every request.
func diskFull(t *testing.T, env *testenv.Env, full bool) {
	t.Helper()
	n := "1" // SQLite raises it to the current size: not one page more
	if !full {
		n = "1073741823"
	}
	if err := env.Store.DB().Exec("PRAGMA max_page_count = " + n).Error; err != nil {
		t.Fatal(err)
	}
}

// TestDiskFullIsAnHonest503 fills the disk under a client on SQLite:
// /readyz turns 503, the autosave gets 503 with Retry-After (JSON), and the
// no-JavaScript Send comes back with every typed answer and says plainly
// nothing was saved; nothing is half-written, and once there is room the
// same Send goes through.
func TestDiskFullIsAnHonest503(t *testing.T) {
	t.Parallel()
	fc := newFill(t, testenv.DB{Name: "sqlite"}, "support-map")
	page := fc.mustOpen()
	long := strings.Repeat("Ask Jo to water the garden while I rest. ", 400)
	worry := "They might say no 😊 <b>&\"'"

	diskFull(t, fc.env, true)
	resp, body := fc.env.Do(httptest.NewRequest("GET", "/readyz", nil))
	testenv.WantStatus(t, "readyz on a full disk", resp, body, 503)

	fc.Header.Set("Accept", "application/json") // as fill.js asks
	resp, body = fc.putDraft(0, map[string]any{"ask_what": long})
	fc.Header.Del("Accept")
	testenv.WantStatus(t, "autosave on a full disk", resp, body, 503)
	if ra := resp.Header.Get("Retry-After"); ra == "" || !strings.Contains(body, `"code":"unavailable"`) {
		t.Fatalf("autosave 503 without Retry-After or code: %q %s", ra, body)
	}

	form := formBase(page)
	form.Set("ask_what", long)
	form.Set("ask_worry", worry)
	form.Set("ask_person", "J.")
	resp, body = fc.post("/f/submit", form)
	testenv.WantStatus(t, "send on a full disk", resp, body, 503)
	if resp.Header.Get("Retry-After") == "" {
		t.Error("the page has no Retry-After")
	}
	for _, want := range []string{long, worry, `value="J."`, "Your answers are not saved yet", "nothing from this page was saved or sent",
		`name="_submission" value="` + form.Get("_submission") + `"`} {
		if !strings.Contains(text(body), want) {
			t.Errorf("the page after a failed send lacks %.60q", want)
		}
	}
	if strings.Contains(body, "answers are safe") {
		t.Error("the page claims the answers are safe")
	}
	if st := fc.stored(); st["status"] == "submitted" || st["answers"] != nil {
		t.Fatalf("something was written on a full disk: %v, answers: %v", st["status"], st["answers"] != nil)
	}

	diskFull(t, fc.env, false)
	resp, body = fc.env.Do(httptest.NewRequest("GET", "/readyz", nil))
	testenv.WantStatus(t, "readyz with room again", resp, body, 200)
	resp, body = fc.post("/f/submit", url.Values(form))
	testenv.WantStatus(t, "the same send, with room again", resp, body, 303)
	if st := fc.stored(); anyMap(st["answers"])["ask_what"] != long || st["status"] != "submitted" {
		t.Fatalf("after the send: %v, ask_what kept: %v", st["status"], anyMap(st["answers"])["ask_what"] == long)
	}
}

func anyMap(v any) map[string]any { m, _ := v.(map[string]any); return m }

// within runs a request and fails the test when it takes longer than limit
// (a hung request would otherwise hang the test too).
func within(t *testing.T, limit time.Duration, do func() (*http.Response, string)) (*http.Response, string, time.Duration) {
	t.Helper()
	type answer struct {
		resp *http.Response
		body string
	}
	done := make(chan answer, 1)
	begin := time.Now()
	go func() { r, b := do(); done <- answer{r, b} }()
	select {
	case a := <-done:
		return a.resp, a.body, time.Since(begin)
	case <-time.After(limit):
		t.Fatalf("no answer within %s: the request hangs with the database", limit)
	}
	return nil, "", 0
}

// TestHungDatabaseAnswers503InTime puts a fault-injecting proxy between
// Tend and PostgreSQL: while the database hangs or is down, the autosave
// and /readyz answer 503 (with Retry-After) within TEND_DB_TIMEOUT plus a
// margin instead of waiting for the database, and once it is back the
// autosave goes through.
func TestHungDatabaseAnswers503InTime(t *testing.T) {
	t.Parallel()
	base := os.Getenv("TEND_TEST_POSTGRES_URL")
	if base == "" {
		t.Skip("TEND_TEST_POSTGRES_URL is not set: the PostgreSQL outage test is skipped (CI sets it)")
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	host := u.Host
	if u.Port() == "" {
		host += ":5432"
	}
	var proxy *testenv.FaultProxy
	env, p := newFillEnv(t, testenv.DB{Name: "postgres"}, func(c *config.Config) {
		proxy = testenv.NewFaultProxy(t, host)
		c.DatabaseURL = proxy.Via(t, c.DatabaseURL)
		c.DBTimeout = time.Second
	})
	fc := assignFill(t, env, p, "support-map")
	page := fc.mustOpen()
	fc.Header.Set("Accept", "application/json") // as fill.js asks
	save := func(what string) func() (*http.Response, string) {
		return func() (*http.Response, string) { return fc.putDraft(0, map[string]any{"ask_what": what}) }
	}
	readyz := func() (*http.Response, string) { return env.Do(httptest.NewRequest("GET", "/readyz", nil)) }

	for _, fault := range []testenv.Fault{testenv.Hang, testenv.Down} {
		proxy.Set(fault)
		resp, body, took := within(t, 15*time.Second, save("during the outage"))
		testenv.WantStatus(t, "autosave while the database is out", resp, body, 503)
		if resp.Header.Get("Retry-After") == "" || !strings.Contains(body, `"code":"unavailable"`) || took > 4*time.Second {
			t.Fatalf("fault %d: autosave 503 after %s, Retry-After %q: %s", fault, took, resp.Header.Get("Retry-After"), body)
		}
		resp, body, took = within(t, 15*time.Second, readyz)
		testenv.WantStatus(t, "readyz while the database is out", resp, body, 503)
		if took > 4*time.Second {
			t.Fatalf("fault %d: /readyz took %s", fault, took)
		}
	}

	// Send without JavaScript while the database is down (the session
	// cannot even be checked): every typed word comes back, ready to post
	// again, and nothing is lost.
	const typed = "A lift to the station — merci\nand a call on Sunday"
	fc.Header.Del("Accept")
	form := formBase(page)
	form.Set("ask_what", typed)
	resp, body, _ := within(t, 15*time.Second, func() (*http.Response, string) { return fc.PostForm("/f/submit", form) })
	testenv.WantStatus(t, "no-JS Send while the database is down", resp, body, 503)
	if resp.Header.Get("Retry-After") == "" || !strings.Contains(text(body), typed) || !strings.Contains(body, `action="/f/submit"`) ||
		!strings.Contains(text(body), "nothing was saved or sent") {
		t.Fatalf("the typed answer is not kept, ready to send again:\n%s", body)
	}
	again := url.Values{}
	for _, m := range regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`).FindAllStringSubmatch(body, -1) {
		again.Add(html.UnescapeString(m[1]), html.UnescapeString(m[2]))
	}
	fc.Header.Set("Accept", "application/json")

	proxy.Set(testenv.Pass)
	for end := time.Now().Add(10 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		// Connections the outage broke are dropped from the pool first.
		if resp, body, _ = within(t, 15*time.Second, save("after the outage")); resp.StatusCode == 200 || time.Now().After(end) {
			break
		}
	}
	testenv.WantStatus(t, "autosave once the database is back", resp, body, 200)
	// "Try again" posts exactly what was kept: the answer is sent.
	fc.Header.Del("Accept")
	resp, body = fc.SendForm("POST", "/f/submit", again)
	if resp.StatusCode != 303 || resp.Header.Get("Location") != "/f/done" {
		t.Fatalf("Try again after the outage: %d %s", resp.StatusCode, body)
	}
	fc.Header.Set("Accept", "application/json")
	for range 2 { // the heartbeat row is inserted once, then updated
		resp, body, _ = within(t, 15*time.Second, readyz)
		testenv.WantStatus(t, "readyz once the database is back", resp, body, 200)
	}
	if a := anyMap(fc.stored()["answers"]); a["ask_what"] != typed {
		t.Fatalf("stored after the outage: %v", a)
	}
}
