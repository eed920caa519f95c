package fill_test

import (
	"net/http/httptest"
	"net/url"
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
