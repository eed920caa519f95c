package fill_test

import (
	"context"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
)

// homeClient is a client with two open worksheets and their own page on.
type homeClient struct {
	*fillClient
	client   string
	sheets   []string // assignment ids: weekly check-in, support map
	homeLink string
}

// newHome gives a new client of p two worksheets at once and turns their
// own page on, all through the practitioner API.
func newHome(t *testing.T, env *testenv.Env, p *testenv.Practitioner) *homeClient {
	t.Helper()
	resp, body := p.API("POST", "/api/v1/clients", map[string]any{"display_name": "Sam K."})
	testenv.WantStatus(t, "create client", resp, body, 201)
	cid := testenv.JSON(t, body)["id"].(string)
	resp, body = p.API("POST", "/api/v1/clients/"+cid+"/assignments", map[string]any{
		"worksheet_keys": []string{"weekly-connection-checkin", "support-map"}, "due_on": "2026-11-09"})
	testenv.WantStatus(t, "assign two", resp, body, 201)
	var ids []string
	for _, a := range testenv.JSON(t, body)["data"].([]any) {
		ids = append(ids, a.(map[string]any)["id"].(string))
	}
	resp, body = p.API("POST", "/api/v1/clients/"+cid+"/home-link", nil)
	testenv.WantStatus(t, "home link", resp, body, 201)
	link := testenv.JSON(t, body)["link"].(string)
	if !strings.HasPrefix(link, "http://tend.test/c/") {
		t.Fatalf("home link %q", link)
	}
	fc := &fillClient{Client: env.NewClient(), t: t, env: env, p: p, ip: "192.0.2.20"}
	return &homeClient{fillClient: fc, client: cid, sheets: ids, homeLink: link}
}

func (hc *homeClient) homeToken() string { return strings.TrimPrefix(hc.homeLink, "http://tend.test") }

// enter loads the client's page and presses Start/Continue (or "See your
// answers") for an assignment.
func (hc *homeClient) enter(id string) (int, string) {
	hc.t.Helper()
	if resp, body := hc.get("/c"); resp.StatusCode != 200 {
		hc.t.Fatalf("home page: %d %s", resp.StatusCode, body)
	}
	resp, _ := hc.post("/c/open", url.Values{"assignment": {id}})
	return resp.StatusCode, resp.Header.Get("Location")
}

// TestHomePageWalk: a client opens their own page, sees both open
// worksheets, fills one in and sends it, and comes back through the same
// page to find the other, and the sent one with its date.
func TestHomePageWalk(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			env, p := newFillEnv(t, db)
			hc := newHome(t, env, p)
			resp, body := hc.get(hc.homeToken())
			testenv.WantStatus(t, "open home link", resp, body, 303)
			if loc := resp.Header.Get("Location"); loc != "/c" {
				t.Fatalf("Location %q, want the token-free /c", loc)
			}
			home := hc.Cookie("tend_home")
			if home == "" || strings.Contains(hc.homeLink, home) {
				t.Fatalf("home cookie %q", home)
			}
			// Tapping the link again keeps the session: audited once.
			hc.get(hc.homeToken())
			if hc.Cookie("tend_home") != home {
				t.Fatal("reopening the link made a new session")
			}
			if n := countAudit(t, env, "home.open"); n != 1 {
				t.Fatalf("home.open audited %d times, want once per session", n)
			}

			resp, page := hc.get("/c")
			testenv.WantStatus(t, "home page", resp, page, 200)
			for _, want := range []string{"Your worksheets", "Weekly connection check-in", "My support map", "Monday 9 November 2026",
				"Not started", "Leave this page", "If you need help today"} {
				if !strings.Contains(text(page), want) {
					t.Errorf("home page lacks %q", want)
				}
			}
			if strings.Contains(page, "Sent on") {
				t.Error("nothing was sent yet")
			}

			// Start the check-in from the page: no second token.
			if code, loc := hc.enter(hc.sheets[0]); code != 303 || loc != "/f" {
				t.Fatalf("enter: %d %q", code, loc)
			}
			resp, page = hc.get("/f/form")
			testenv.WantStatus(t, "form from home", resp, page, 200)
			if !strings.Contains(text(page), "All your worksheets") {
				t.Error("the form entered from home should link back to it")
			}
			form := formBase(page)
			form.Set("week_notes", "walked by the river")
			form.Set("asked_help", "no")
			resp, body = hc.post("/f/submit", form)
			testenv.WantStatus(t, "submit", resp, body, 303)
			_, page = hc.get("/f/done")
			if !strings.Contains(page, `href="/c"`) {
				t.Error("thank-you page should lead back to the client's page")
			}

			// Start the support map and leave a draft.
			hc.enter(hc.sheets[1])
			hc.get("/f/form")
			resp, body = hc.putDraft(0, map[string]any{"ask_person": "J."})
			testenv.WantStatus(t, "draft", resp, body, 200)

			// Later, the same page (the session is still open).
			env.Clock.Advance(20 * 60e9)
			resp, page = hc.get("/c")
			testenv.WantStatus(t, "home later", resp, page, 200)
			open, sent, _ := strings.Cut(text(page), `id="sent-title"`)
			if !strings.Contains(open, "My support map") || !strings.Contains(open, "Saved, not sent") || !strings.Contains(open, ">Continue<") {
				t.Errorf("the support map should be open with its draft:\n%s", open)
			}
			if strings.Contains(open, "Weekly connection check-in") {
				t.Error("the sent check-in is still listed as to do")
			}
			if !strings.Contains(sent, "Weekly connection check-in") || !strings.Contains(sent, "Sent on Monday 2 November 2026") ||
				!strings.Contains(sent, "See your answers") || strings.Contains(sent, "walked by the river") {
				t.Errorf("sent list: dates only, with the copy while it is shown:\n%s", sent)
			}
			// After TEND_ANSWERS_VISIBLE_FOR the copy is no longer offered.
			env.Clock.Advance(env.Tend.Config.AnswersVisibleFor)
			hc.get(hc.homeToken()) // the old session has ended by now; the link makes a new one
			_, page = hc.get("/c")
			if _, sent, _ = strings.Cut(text(page), `id="sent-title"`); !strings.Contains(sent, "Sent on") || strings.Contains(sent, "See your answers") {
				t.Errorf("after the window, only the date:\n%s", sent)
			}
		})
	}
}

func countAudit(t *testing.T, env *testenv.Env, action string) int {
	t.Helper()
	evs, err := env.Store.AuditEvents(context.Background(), 500)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range evs {
		if e.Action == action {
			n++
		}
	}
	return n
}

// TestHomeOnlyOwnAssignments: the page's session enters only this client's
// own live assignments; another client's (same or other practitioner),
// a cancelled one, or garbage sends the client back to their list with no
// fill session.
func TestHomeOnlyOwnAssignments(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			env, p := newFillEnv(t, db)
			hc := newHome(t, env, p)
			sibling := p.AssignNew("support-map", "")
			stranger := env.NewPractitioner("Bo Other", false).AssignNew("support-map", "")
			resp, body := p.API("DELETE", "/api/v1/assignments/"+hc.sheets[1], nil)
			testenv.WantStatus(t, "cancel", resp, body, 204)
			hc.get(hc.homeToken())
			for name, id := range map[string]string{"same practitioner's other client": sibling.AssignmentID,
				"another practitioner's client": stranger.AssignmentID, "cancelled": hc.sheets[1], "garbage": "x"} {
				if code, loc := hc.enter(id); code != 303 || loc != "/c" {
					t.Errorf("%s: %d %q, want back to /c", name, code, loc)
				}
				if hc.cookie() != "" {
					t.Fatalf("%s: got a fill session", name)
				}
			}
			_, page := hc.get("/c")
			if !strings.Contains(page, "no longer open") || strings.Contains(page, "My support map") {
				t.Errorf("list after refusals:\n%s", text(page))
			}
			// Without the page's CSRF token nothing is entered.
			resp, _ = hc.from().SendForm("POST", "/c/open", url.Values{"assignment": {hc.sheets[0]}})
			if resp.StatusCode != 403 || hc.cookie() != "" {
				t.Fatalf("no CSRF: %d", resp.StatusCode)
			}
		})
	}
}

// TestHomeLinkEnds: a new link, turning the page off, and archiving the
// client each end the old link (uniform 404, like a dead assignment link),
// its sessions, and the worksheet pages entered from them; the
// assignment's own link keeps working.
func TestHomeLinkEnds(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			env, p := newFillEnv(t, db)
			resp, dead := env.Do(httptest.NewRequest("GET", "/c/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", nil))
			testenv.WantStatus(t, "unknown home link", resp, dead, 404)
			_, deadAssignment := env.Do(httptest.NewRequest("GET", "/w/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", nil))
			if dead != deadAssignment {
				t.Error("a dead home link should look exactly like a dead assignment link")
			}
			for _, end := range []struct {
				name string
				do   func(hc *homeClient)
			}{
				{"re-issued", func(hc *homeClient) { p.API("POST", "/api/v1/clients/"+hc.client+"/home-link", nil) }},
				{"revoked", func(hc *homeClient) {
					resp, body := p.API("DELETE", "/api/v1/clients/"+hc.client+"/home-link", nil)
					testenv.WantStatus(t, "revoke", resp, body, 204)
				}},
				{"archived", func(hc *homeClient) { p.API("DELETE", "/api/v1/clients/"+hc.client, nil) }},
			} {
				hc := newHome(t, env, p)
				hc.get(hc.homeToken())
				hc.enter(hc.sheets[0])
				if resp, _ := hc.get("/f/form"); resp.StatusCode != 200 {
					t.Fatalf("%s: form before: %d", end.name, resp.StatusCode)
				}
				// The page's own session ends first (idle, then swept):
				// the worksheet page entered from it must still end with the link.
				if err := env.Store.DB().Where("client_id = ?", hc.client).Delete(&models.HomeSession{}).Error; err != nil {
					t.Fatal(err)
				}
				end.do(hc)
				resp, body := env.Do(httptest.NewRequest("GET", hc.homeToken(), nil))
				if resp.StatusCode != 404 || body != dead || len(resp.Cookies()) != 0 {
					t.Errorf("%s: old link: %d, same page %v", end.name, resp.StatusCode, body == dead)
				}
				resp, body = hc.get("/c")
				if resp.StatusCode != 404 || !strings.Contains(body, "This page has closed") {
					t.Errorf("%s: open page: %d", end.name, resp.StatusCode)
				}
				if resp, _ := hc.get("/f/form"); resp.StatusCode != 404 {
					t.Errorf("%s: worksheet page entered from home: %d, want closed", end.name, resp.StatusCode)
				}
			}
			// A single assignment link works as before, home page or not.
			fc := assignFill(t, env, p, "support-map")
			fc.mustOpen()
		})
	}
}

// TestHomeLinkRateLimit: failed home links count with failed assignment
// links per IP; a valid home link from a limited IP still opens.
func TestHomeLinkRateLimit(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			env, p := newFillEnv(t, db, trustProxy)
			hc := newHome(t, env, p)
			guess := func(path string) int {
				req := httptest.NewRequest("GET", path, nil)
				req.Header.Set("X-Forwarded-For", hc.ip)
				resp, _ := env.Do(req)
				return resp.StatusCode
			}
			for i, path := range []string{"/c/guess1", "/w/guess2", "/c/guess3"} {
				if code := guess(path); code != 404 {
					t.Fatalf("guess %d: %d", i, code)
				}
			}
			if code := guess("/c/guess4"); code != 429 {
				t.Fatalf("fourth failure: %d, want 429", code)
			}
			if resp, _ := hc.get(hc.homeToken()); resp.StatusCode != 303 {
				t.Fatalf("valid link from a limited IP: %d", resp.StatusCode)
			}
			evs, _ := env.Store.AuditEvents(context.Background(), 50)
			for _, e := range evs {
				if e.Action == "link.fail" && e.ObjectType == "client" && e.ActorID != "link:"+models.HashToken("guess3")[:8] &&
					e.ActorID != "link:"+models.HashToken("guess1")[:8] {
					t.Errorf("failure audit names %q", e.ActorID)
				}
			}
		})
	}
}
