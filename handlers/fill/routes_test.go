package fill_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/tend-health/tend/handlers/fill"
	"github.com/tend-health/tend/internal/testenv"
)

// TestFillRoutesScope walks the fill room's route table. Every route is
// called with another client's credentials (the cookie, CSRF token and link
// token of an assignment of another practitioner) and with none at all:
// the first must never show or change the victim's assignment, the second
// must be refused. A new client route this walk does not know fails the
// test, so no route can ship without being checked.
func TestFillRoutesScope(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			env, p := newFillEnv(t, db)
			const secret = "only-the-victim-wrote-this"
			victim := assignFill(t, env, p, "self-reliance-checkin")
			victim.mustOpen()
			resp, body := victim.putDraft(0, map[string]any{"week_notes": secret})
			testenv.WantStatus(t, "victim draft", resp, body, 200)

			bo := env.NewPractitioner("Bo Other", false)
			other := assignFill(t, env, bo, "self-reliance-checkin")
			page := other.mustOpen()
			// The other client has their own page on, too.
			resp, body = bo.API("POST", "/api/v1/clients/"+other.stored()["client_id"].(string)+"/home-link", nil)
			testenv.WantStatus(t, "other's home link", resp, body, 201)
			homePath := map[*fillClient]string{other: strings.TrimPrefix(testenv.JSON(t, body)["link"].(string), "http://tend.test")}
			other.get(homePath[other])
			_, homePage := other.get("/c")
			homeCSRF := hidden(homePage, "_csrf")
			if homeCSRF == "" {
				t.Fatal("no CSRF token on the other client's own page")
			}
			other.get("/f/form") // back to the worksheet's own session
			anon := &fillClient{Client: env.NewClient(), t: t, env: env, p: p, token: "not-a-link-token-but-long-enough-to-look-like-one", ip: "192.0.2.99"}

			homePath[anon] = "/c/" + anon.token
			// How to call each route as c.
			calls := map[string]func(c *fillClient) (*http.Response, string){
				"GET /c/:token": func(c *fillClient) (*http.Response, string) { return c.get(homePath[c]) },
				"GET /c":        func(c *fillClient) (*http.Response, string) { return c.get("/c") },
				"POST /c/open": func(c *fillClient) (*http.Response, string) {
					return c.post("/c/open", url.Values{"_csrf": {homeCSRF}, "assignment": {victim.assignment}})
				},
				"GET /w/:token": func(c *fillClient) (*http.Response, string) { return c.open() },
				"GET /leave":    func(c *fillClient) (*http.Response, string) { return c.get("/leave") },
				"GET /calm":     func(c *fillClient) (*http.Response, string) { return c.get("/calm") },
				"GET /f":        func(c *fillClient) (*http.Response, string) { return c.get("/f") },
				"GET /f/form":   func(c *fillClient) (*http.Response, string) { return c.get("/f/form") },
				// Unsubscribe takes an email's own token, never a link token or a session.
				"GET /u/:token":  func(c *fillClient) (*http.Response, string) { return c.get("/u/" + c.token) },
				"POST /u/:token": func(c *fillClient) (*http.Response, string) { return c.post("/u/"+c.token, formBase(page)) },
				"POST /f/save": func(c *fillClient) (*http.Response, string) {
					f := formBase(page)
					f.Set("week_notes", "mine")
					return c.post("/f/save", f)
				},
				"POST /f/submit":   func(c *fillClient) (*http.Response, string) { return c.post("/f/submit", formBase(page)) },
				"GET /f/done":      func(c *fillClient) (*http.Response, string) { return c.get("/f/done") },
				"GET /f/answers":   func(c *fillClient) (*http.Response, string) { return c.get("/f/answers") },
				"PUT /f/draft":     func(c *fillClient) (*http.Response, string) { return c.putDraft(0, map[string]any{"week_notes": "x"}) },
				"GET /api/v1/fill": func(c *fillClient) (*http.Response, string) { return c.api("GET", "/api/v1/fill", nil) },
				"PUT /api/v1/fill/draft": func(c *fillClient) (*http.Response, string) {
					return c.api("PUT", "/api/v1/fill/draft", map[string]any{"version": 0, "answers": map[string]any{"week_notes": "x"}})
				},
				"POST /api/v1/fill/submit": func(c *fillClient) (*http.Response, string) {
					return c.api("POST", "/api/v1/fill/submit", map[string]any{"answers": map[string]any{}})
				},
			}
			routes := testenv.Routes(fill.New(env.Kit()).Routes)
			for _, r := range routes {
				call, ok := calls[r.Method+" "+r.Path]
				if !ok {
					t.Errorf("route %s %s has no row in the fill walk: add one", r.Method, r.Path)
					continue
				}
				resp, body := call(other)
				if resp.StatusCode >= 500 {
					t.Errorf("%s %s as another client: %d", r.Method, r.Path, resp.StatusCode)
				}
				if strings.Contains(body, secret) || strings.Contains(body, victim.assignment) {
					t.Errorf("%s %s as another client shows the victim's assignment", r.Method, r.Path)
				}
				resp, body = call(anon)
				if r.Path == "/leave" {
					// Open to anyone on purpose: it only sends them to the neutral site.
					if resp.StatusCode != 303 || resp.Header.Get("Location") != env.Tend.Config.LeaveURL {
						t.Errorf("GET /leave: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
					}
					continue
				}
				if r.Path == "/calm" {
					// Open to anyone on purpose: a grounding exercise, the same for everyone.
					if resp.StatusCode != 200 || strings.Contains(body, secret) {
						t.Errorf("GET /calm: %d", resp.StatusCode)
					}
					continue
				}
				if r.Method == "GET" && r.Path == "/u/:token" {
					// Open to anyone on purpose: it only asks, with a button.
					if resp.StatusCode != 200 || !strings.Contains(body, "Stop emails") {
						t.Errorf("GET /u/:token: %d", resp.StatusCode)
					}
					continue
				}
				if s := resp.StatusCode; s != 401 && s != 403 && s != 404 {
					t.Errorf("%s %s without a session or link: want 401, 403 or 404, got %d %.300s", r.Method, r.Path, s, body)
				}
			}
			if len(routes) < len(calls) {
				t.Errorf("only %d routes walked; the walk knows %d", len(routes), len(calls))
			}
			// The victim's draft is as they left it, and still theirs.
			st := victim.stored()
			if a, _ := st["answers"].(map[string]any); st["status"] != "in_progress" || a["week_notes"] != secret {
				t.Fatalf("the victim's assignment changed: %v %v", st["status"], st["answers"])
			}
			if _, body := victim.get("/f/form"); !strings.Contains(body, secret) {
				t.Fatal("the victim lost their own session")
			}
		})
	}
}
